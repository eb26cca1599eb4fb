import type { RecordedBody, RecordedRequest } from "./cassette-schema.ts";
import type { RequestKind } from "./classify-request.ts";
import { toRecordedBody } from "./recorded-body.ts";
import { scrubHeaders, scrubJson, scrubText } from "./scrub.ts";

/**
 * A request as a cassette keeps it and as the replayer matches it: the path percent-decoded, headers and
 * JSON body scrubbed (see `scrub.ts`). Recorder and replayer both go through here, so the two agree.
 */
export function recordedRequestOf(
  request: {
    kind: RequestKind;
    method: string;
    path: string;
    query?: string | undefined;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  },
  secrets: readonly string[] = [],
): RecordedRequest {
  const body = scrubbedBody(request.body, secrets);
  return {
    service: request.kind.service,
    operation: request.kind.operation,
    method: request.method,
    path: decodePath(request.path),
    ...(request.query ? { query: request.query } : {}),
    headers: scrubHeaders(request.headers, secrets),
    ...(body ? { body } : {}),
  };
}

/** Any JSON body is kept parsed and scrubbed (request bytes need not survive, only their meaning). */
function scrubbedBody(bytes: Buffer, secrets: readonly string[]): RecordedBody | undefined {
  const raw = toRecordedBody(bytes);
  if (!raw || "base64" in raw) return raw;
  if ("json" in raw) return { json: scrubJson(raw.json, secrets) };
  try {
    return { json: scrubJson(JSON.parse(raw.text), secrets) };
  } catch {
    return { text: scrubText(raw.text, secrets) };
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

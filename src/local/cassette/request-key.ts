import type { RecordedBody, RecordedRequest } from "./cassette-schema.ts";

/**
 * Body fields the SDK or the caller fills with a fresh value on every call, left out of the key:
 * idempotency tokens (`clientToken`, `clientRequestToken`). `requestMetadata` values are already
 * scrubbed on both sides, so only its keys count.
 */
const VOLATILE_FIELDS = new Set(["clientToken", "clientRequestToken"]);

/** Request headers that change an answer (InvokeModel's `x-amzn-bedrock-*`, content negotiation). */
const KEY_HEADER = /^(content-type|accept|x-amzn-bedrock-.*)$/;

/**
 * The normalised form two requests must share to be one recording: service, operation, method,
 * percent-decoded path, query parameters (sorted), the answer-changing headers, and the body as
 * canonical JSON (keys sorted, volatile fields removed); a non-JSON body by its bytes.
 */
export function keyOf(request: RecordedRequest): Record<string, unknown> {
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => KEY_HEADER.test(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const query = request.query
    ? [...new URLSearchParams(request.query)].sort(([a], [b]) => a.localeCompare(b))
    : [];
  return {
    service: request.service,
    operation: request.operation,
    method: request.method,
    path: request.path,
    query: Object.fromEntries(query),
    headers,
    body: bodyForKey(request.body),
  };
}

/** The key as one string, for exact lookup. */
export function keyText(request: RecordedRequest): string {
  return canonicalJson(keyOf(request));
}

function bodyForKey(body: RecordedBody | undefined): unknown {
  if (!body) return null;
  if ("json" in body) return withoutVolatile(body.json);
  if ("text" in body) return { text: body.text };
  return { base64: body.base64 };
}

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE_FIELDS.has(key))
      .map(([key, item]) => [key, withoutVolatile(item)]),
  );
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

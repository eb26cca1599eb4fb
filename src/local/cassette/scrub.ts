import { NOT_FORWARDED_HEADERS } from "./upstream.ts";

/** What replaces a scrubbed value in a cassette. */
export const SCRUBBED = "[scrubbed]";

/** Request headers never written: those never forwarded (signature, transport), and the per-attempt ones. */
const DROPPED_HEADERS = new Set([
  ...NOT_FORWARDED_HEADERS,
  "amz-sdk-invocation-id",
  "amz-sdk-request",
  "date",
]);

const SECRET_NAME =
  /authorization|token|secret|password|passwd|credential|cookie|api[-_]?key|private[-_]?key|signature/i;
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g;

/** Whether a header or field name looks like it holds a credential. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Headers as a cassette keeps them: lower-case names, HTTP/2 pseudo-headers, signing, hop-by-hop and
 * per-attempt headers dropped, credential-looking values replaced by {@link SCRUBBED}.
 */
export function scrubHeaders(
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [raw, value] of Object.entries(headers)) {
    const name = raw.toLowerCase();
    if (value === undefined || name.startsWith(":") || DROPPED_HEADERS.has(name)) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    kept[name] = looksSecret(name) ? SCRUBBED : scrubText(text, secrets);
  }
  return kept;
}

/** A text with AWS access key ids and the given secret values replaced. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(ACCESS_KEY_ID, SCRUBBED);
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(SCRUBBED);
  return out;
}

/**
 * A JSON request body as a cassette keeps it: every `requestMetadata` value replaced (its keys kept,
 * since they are the cost-attribution dimensions a reviewer needs), every field whose name looks like a
 * credential replaced, and access key ids or known secret values inside strings replaced.
 */
export function scrubJson(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, secrets));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === "requestMetadata" && item && typeof item === "object" && !Array.isArray(item)) {
        return [key, Object.fromEntries(Object.keys(item).map((name) => [name, SCRUBBED]))];
      }
      if (looksSecret(key) && (typeof item === "string" || typeof item === "number")) return [key, SCRUBBED];
      return [key, scrubJson(item, secrets)];
    }),
  );
}

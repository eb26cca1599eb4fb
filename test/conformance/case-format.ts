import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { ScriptStepSchema } from "../../src/local/script.ts";

/** The services a case may name: the boto3 service names, which are also the AWS SDK v3 client names. */
export const ServiceSchema = z.enum(["bedrock-runtime", "bedrock-agent-runtime", "bedrock-agent", "bedrock"]);
export type Service = z.infer<typeof ServiceSchema>;

/** A value check at a path: a literal (deep equality) or one operator object. */
const MatcherSchema = z.union([
  z.object({ $type: z.enum(["string", "number", "boolean", "array", "object", "null"]) }).strict(),
  z.object({ $contains: z.string() }).strict(),
  z.object({ $exists: z.boolean() }).strict(),
  z.object({ $gte: z.number() }).strict(),
  z.object({ $length: z.number().int().min(0) }).strict(),
  z.object({ $oneOf: z.array(z.unknown()).min(1) }).strict(),
  z.unknown(),
]);
export type Matcher = z.infer<typeof MatcherSchema>;

const ExpectFields = {
  /** The HTTP status of the (last) response. */
  status: z.number().int().optional(),
  /** The error type (the SDK's error name, boto3's `Error.Code`); for success cases leave it out. */
  error: z.string().optional(),
  /** A substring of the error message. */
  message: z.string().optional(),
  /** true: the call must succeed. */
  ok: z.boolean().optional(),
  /** Checks on the response (output member names; a stream member is replaced by `{<eventType>: [payloads]}`). */
  paths: z.record(z.string(), MatcherSchema).optional(),
  /** true: the SDK reports the response's `x-amzn-requestid` header as its request id. */
  requestId: z.boolean().optional(),
  /** Response headers (lower-case names) and their checks. */
  headers: z.record(z.string(), MatcherSchema).optional(),
  /** The stream's event types in order, consecutive repeats collapsed into one. */
  events: z.array(z.string()).optional(),
  /** An exception event inside an open stream: its type (as the SDK names it) and a message substring. */
  streamError: z.object({ error: z.string(), message: z.string().optional() }).strict().optional(),
};
const SdkExpectSchema = z.object(ExpectFields).strict();
export const ExpectSchema = z
  .object({
    ...ExpectFields,
    /** Per-SDK overrides, merged over the shared expectation (where the two clients report differently). */
    sdk: z.object({ js: SdkExpectSchema.optional(), boto3: SdkExpectSchema.optional() }).strict().optional(),
  })
  .strict()
  .refine((e) => e.ok === true || e.error !== undefined || e.status !== undefined, {
    message: "expect needs ok: true, or an error and/or status",
  });
export type Expect = z.infer<typeof SdkExpectSchema>;

/** What the conformance server does for one case before its request (reset after it). */
const SetupSchema = z
  .object({
    /** The model's turns for this case, in order (the local Bedrock's script steps), instead of the ReAct policy. */
    script: z.array(ScriptStepSchema).min(1).optional(),
    /** A requests-per-minute quota on Converse/ConverseStream, fresh for this case. */
    rateLimit: z.object({ rpm: z.number().positive(), burst: z.number().positive().optional() }).optional(),
  })
  .strict();

/** Faults asked for in the `x-glassbox-faults` request header (see src/local/faults.ts). */
const FaultsSchema = z.record(z.string(), z.unknown());

export const CaseSchema = z
  .object({
    name: z.string().min(1),
    service: ServiceSchema,
    /** The AWS operation name (`Converse`, `ApplyGuardrail`, ...). */
    operation: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, "must be an AWS operation name such as Converse"),
    /** The operation's input, service-model member names; blobs as {"$base64": "..."}. */
    input: z.record(z.string(), z.unknown()),
    expect: ExpectSchema,
    setup: SetupSchema.optional(),
    faults: FaultsSchema.optional(),
    /** Sends the request this many times in a row; the expectation is about the last answer. */
    repeat: z.number().int().min(1).max(10).optional(),
  })
  .strict();
export type ConformanceCase = z.infer<typeof CaseSchema> & { file: string };

export const CASES_DIR = new URL("./cases/", import.meta.url);

/** Every case of every `cases/*.json` file, validated, names unique across files. */
export function loadCases(dir: URL = CASES_DIR): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const seen = new Map<string, string>();
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort();
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
    } catch (error) {
      throw new Error(`cases/${file}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(json)) throw new Error(`cases/${file}: expected a JSON array of cases`);
    json.forEach((raw, i) => {
      const parsed = CaseSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const name = (raw as { name?: unknown })?.name;
        throw new Error(
          `cases/${file}[${i}]${typeof name === "string" ? ` (${name})` : ""}: ${issue?.path.join(".") || "case"}: ${issue?.message}`,
        );
      }
      const other = seen.get(parsed.data.name);
      if (other) throw new Error(`cases/${file}: case name "${parsed.data.name}" is also used in ${other}`);
      seen.set(parsed.data.name, `cases/${file}`);
      cases.push({ ...parsed.data, file });
    });
  }
  return cases;
}

/** Replaces `${name}` in every string (and object key) of a value; an unknown placeholder is an error. */
export function substitute<T>(value: T, placeholders: Record<string, string>): T {
  const replace = (text: string) =>
    text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
      const found = placeholders[name];
      if (found === undefined)
        throw new Error(
          `unknown placeholder \${${name}} (known: ${Object.keys(placeholders)
            .map((key) => `\${${key}}`)
            .join(", ")})`,
        );
      return found;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return replace(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [replace(key), walk(child)]));
    return node;
  };
  return walk(value) as T;
}

/** One SDK's answer to a case, as both runners report it (JSON). */
export const OutcomeSchema = z.object({
  name: z.string(),
  /** The runner could not run the case (unknown operation, client not installed...). */
  runnerError: z.string().optional(),
  ok: z.boolean().optional(),
  status: z.number().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  requestId: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** The response, JSON (blobs as {"$base64"}); a stream member is `{<eventType>: [payloads]}`. */
  output: z.record(z.string(), z.unknown()).optional(),
  /** The stream's event types in arrival order. */
  events: z.array(z.string()).optional(),
  streamError: z.object({ error: z.string(), message: z.string() }).optional(),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/** The expectation that applies to one SDK: the shared one with that SDK's overrides merged over it. */
export function expectationFor(expect: ConformanceCase["expect"], sdk: "js" | "boto3"): Expect {
  const { sdk: overrides, ...shared } = expect;
  const own = overrides?.[sdk] ?? {};
  return {
    ...shared,
    ...own,
    ...(shared.paths || own.paths ? { paths: { ...shared.paths, ...own.paths } } : {}),
    ...(shared.headers || own.headers ? { headers: { ...shared.headers, ...own.headers } } : {}),
  };
}

/** The value at a dotted path (`output.message.content.0.text`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const OPERATORS = ["$type", "$contains", "$exists", "$gte", "$length", "$oneOf"];

/** Why a value fails a matcher, or undefined when it passes. */
export function mismatch(value: unknown, matcher: Matcher): string | undefined {
  const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
  const keys = matcher && typeof matcher === "object" && !Array.isArray(matcher) ? Object.keys(matcher) : [];
  const op = keys.length === 1 && OPERATORS.includes(keys[0] ?? "") ? keys[0] : undefined;
  const arg = op ? (matcher as Record<string, unknown>)[op] : undefined;
  switch (op) {
    case "$type":
      return typeOf(value) === arg ? undefined : `expected a ${String(arg)}, got ${show(value)}`;
    case "$contains":
      return typeof value === "string" && value.includes(String(arg))
        ? undefined
        : `expected a string containing ${JSON.stringify(arg)}, got ${show(value)}`;
    case "$exists":
      return (value !== undefined) === arg
        ? undefined
        : `expected ${arg ? "a value" : "nothing"}, got ${show(value)}`;
    case "$gte":
      return typeof value === "number" && value >= Number(arg)
        ? undefined
        : `expected a number >= ${String(arg)}, got ${show(value)}`;
    case "$length":
      return (Array.isArray(value) || typeof value === "string") && value.length === arg
        ? undefined
        : `expected length ${String(arg)}, got ${show(value)}`;
    case "$oneOf":
      return (arg as unknown[]).some((candidate) => isDeepStrictEqual(candidate, value))
        ? undefined
        : `expected one of ${JSON.stringify(arg)}, got ${show(value)}`;
    default:
      return isDeepStrictEqual(value, matcher) ? undefined : `expected ${show(matcher)}, got ${show(value)}`;
  }
}

/** Consecutive repeats collapsed: a, b, b, c → a, b, c. */
export function collapse(types: string[]): string[] {
  return types.filter((type, i) => type !== types[i - 1]);
}

/** Every way an outcome misses its expectation (empty when it conforms). */
export function problems(outcome: Outcome, expect: Expect): string[] {
  if (outcome.runnerError) return [`runner: ${outcome.runnerError}`];
  const found: string[] = [];
  const summary = outcome.ok
    ? "the call succeeded"
    : `the call failed with ${outcome.status} ${outcome.error}: ${outcome.message}`;
  if (expect.ok === true && !outcome.ok) found.push(`expected success, but ${summary}`);
  if (expect.error !== undefined && outcome.error !== expect.error)
    found.push(`expected error ${expect.error}, but ${summary}`);
  if (expect.status !== undefined && outcome.status !== expect.status)
    found.push(`expected HTTP ${expect.status}, got ${outcome.status}`);
  if (expect.message !== undefined && !(outcome.message ?? "").includes(expect.message))
    found.push(
      `expected the message to contain ${JSON.stringify(expect.message)}, got ${JSON.stringify(outcome.message)}`,
    );
  for (const [path, matcher] of Object.entries(expect.paths ?? {})) {
    const why = mismatch(valueAt(outcome.output, path), matcher);
    if (why) found.push(`${path}: ${why}`);
  }
  if (expect.requestId) {
    const header = outcome.headers?.["x-amzn-requestid"];
    if (!outcome.requestId || outcome.requestId !== header)
      found.push(
        `expected the SDK's request id to be the x-amzn-requestid header ${header}, got ${outcome.requestId}`,
      );
  }
  for (const [name, matcher] of Object.entries(expect.headers ?? {})) {
    const why = mismatch(outcome.headers?.[name.toLowerCase()], matcher);
    if (why) found.push(`header ${name}: ${why}`);
  }
  if (expect.events) {
    const actual = collapse(outcome.events ?? []);
    if (!isDeepStrictEqual(actual, expect.events))
      found.push(`expected events ${expect.events.join(", ")}; got ${actual.join(", ") || "none"}`);
  }
  if (expect.streamError) {
    const got = outcome.streamError;
    if (!got) found.push(`expected the stream to fail with ${expect.streamError.error}, it did not`);
    else {
      if (got.error !== expect.streamError.error)
        found.push(`expected stream error ${expect.streamError.error}, got ${got.error}`);
      if (expect.streamError.message !== undefined && !got.message.includes(expect.streamError.message))
        found.push(
          `expected the stream error message to contain ${JSON.stringify(expect.streamError.message)}, got ${JSON.stringify(got.message)}`,
        );
    }
  } else if (outcome.streamError) {
    found.push(
      `the stream failed unexpectedly with ${outcome.streamError.error}: ${outcome.streamError.message}`,
    );
  }
  return found;
}

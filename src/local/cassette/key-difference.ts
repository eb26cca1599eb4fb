/** Where two request keys first differ, and how much they differ in all. */
export interface KeyDifference {
  /** e.g. `body.inferenceConfig.temperature`, `path`, `body.messages[2]`. */
  path: string;
  recorded: unknown;
  requested: unknown;
  /** Differing leaves in all (missing subtrees count as one). */
  count: number;
}

/** Compares two keys (see `keyOf`) in document order; undefined when they are equal. */
export function keyDifference(recorded: unknown, requested: unknown): KeyDifference | undefined {
  const differences: Array<Omit<KeyDifference, "count">> = [];
  walk(recorded, requested, "", differences);
  const [first] = differences;
  return first ? { ...first, count: differences.length } : undefined;
}

function walk(a: unknown, b: unknown, path: string, out: Array<Omit<KeyDifference, "count">>): void {
  if (Object.is(a, b)) return;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b);
  if (bothArrays) {
    const length = Math.max(a.length, b.length);
    for (let index = 0; index < length; index++) walk(a[index], b[index], `${path}[${index}]`, out);
    return;
  }
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  out.push({ path: path || "(whole request)", recorded: a, requested: b });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A value for an error message: JSON, cut to `max` characters; `(absent)` for undefined. */
export function shortValue(value: unknown, max = 60): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

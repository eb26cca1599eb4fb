import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { didYouMean } from "./suggest.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseFlags} returns: the flags' values (typed by their definitions) and the positionals. */
export type ParsedFlags<T extends Options> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: T & { verbose: { type: "boolean" } };
    allowPositionals: true;
    strict: true;
  }>
>;

/** Parses a command's flags; a flag the command does not know is a usage error that names it. */
export function parseFlags<T extends Options>(command: string, args: string[], options: T): ParsedFlags<T> {
  try {
    return parseArgs({
      args,
      options: { ...options, verbose: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
    const known = [...Object.keys(options), "verbose"];
    const hint = unknown?.[2] ? didYouMean(unknown[2], known, (flag) => `--${flag}`) : "";
    throw new UsageError(`${message}${hint} (see glassbox ${command} --help)`);
  }
}

/** A numeric flag, checked against its range; the error names the flag and what was expected. */
export function numberFlag(
  name: string,
  value: string | undefined,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = range;
  if (
    value.trim() === "" ||
    !Number.isFinite(number) ||
    number < min ||
    number > max ||
    (integer && !Number.isInteger(number))
  ) {
    const kind = integer ? "a whole number" : "a number";
    const bounds = [Number.isFinite(min) ? `≥ ${min}` : "", Number.isFinite(max) ? `≤ ${max}` : ""]
      .filter(Boolean)
      .join(" and ");
    throw new UsageError(`--${name} expects ${kind}${bounds ? ` ${bounds}` : ""}, got "${value}"`);
  }
  return number;
}

/** A `name=value` flag value split at its first `=`, or undefined when either side is empty. */
export function nameValue(text: string): [name: string, value: string] | undefined {
  const at = text.indexOf("=");
  return at < 1 || at === text.length - 1 ? undefined : [text.slice(0, at), text.slice(at + 1)];
}

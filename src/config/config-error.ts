import type { z } from "zod";
import { ConfigError } from "../errors.ts";

export { ConfigError };

/** One line per issue: `source: path.to.field: what was expected`. */
export function formatIssues(error: z.ZodError, source?: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      if (source && isFile(source)) return `${source}: ${path || "(file)"}: ${issue.message}`;
      const where = [source, path].filter(Boolean).join(".");
      return `${where || "(value)"}: ${issue.message}`;
    })
    .join("\n");
}

/** Parses with a zod schema, throwing a ConfigError that names each bad field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, source?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error, source), { cause: parsed.error });
  return parsed.data;
}

const isFile = (source: string) => source.includes("/") || /\.(json|jsonl)$/.test(source);

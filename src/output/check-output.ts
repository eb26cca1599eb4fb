import type { z } from "zod";

/** An answer checked against the output schema: the typed value, or what is wrong with it. */
export type OutputCheck<T> = { ok: true; value: T } | { ok: false; issues: string[]; raw: string };

const FENCE = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/;

/** Checks a JSON text answer (a fenced ```json block is accepted) against the schema. */
export function checkTextOutput<T>(text: string, schema: z.ZodType<T>): OutputCheck<T> {
  const body = FENCE.exec(text)?.[1] ?? text.trim();
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, raw: text, issues: [`(answer): not valid JSON (${(error as Error).message})`] };
  }
  return checkValueOutput(value, schema, text);
}

/** Checks a parsed value (the final tool's input) against the schema. */
export function checkValueOutput<T>(
  value: unknown,
  schema: z.ZodType<T>,
  raw = JSON.stringify(value),
): OutputCheck<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    raw,
    issues: parsed.error.issues.map(
      (issue) => `${issue.path.length ? issue.path.join(".") : "(answer)"}: ${issue.message}`,
    ),
  };
}

/** How a correction starts (the local Bedrock recognises it as an instruction, not a new question). */
export const CORRECTION_PREFIX = "Your answer does not match the required output schema";

/** What the model is told after an invalid answer. */
export function correctionText(issues: string[]): string {
  return `${CORRECTION_PREFIX}:\n${issues.map((issue) => `- ${issue}`).join("\n")}\nAnswer again with only a JSON value that matches the schema.`;
}

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ConfigError, formatIssues } from "../config/config-error.ts";

/**
 * One expected tool call of a trajectory: the tool's name, optionally its arguments, and for a team the
 * agent that should make it (a specialist's name, or the top agent's).
 */
export const ExpectedToolCallSchema = z
  .object({
    tool: z.string().min(1),
    args: z.record(z.string(), z.unknown()).optional(),
    agent: z.string().min(1).optional(),
  })
  .strict();
export type ExpectedToolCall = z.infer<typeof ExpectedToolCallSchema>;

/** A reference passage: an id (matched against retrieved and cited ids) and optionally its text. */
export const ReferenceContextSchema = z.union([
  z
    .string()
    .min(1)
    .transform((id) => ({ id })),
  z.object({ id: z.string().min(1), text: z.string().optional() }).strict(),
]);
export type ReferenceContext = { id: string; text?: string };

/** One dataset row (one JSONL line). */
export const DatasetRowSchema = z
  .object({
    id: z.string().min(1),
    input: z.string().min(1),
    expectedAnswer: z.string().optional(),
    /** The tool calls the agent should make, in order. */
    expectedTrajectory: z.array(ExpectedToolCallSchema).optional(),
    referenceContexts: z.array(ReferenceContextSchema).optional(),
    /** For a team: the agents that should take part (specialists by name), for `agent_routing`. */
    expectedAgents: z.array(z.string().min(1)).min(1).optional(),
    /**
     * A recorded managed Bedrock Agent run of this input (an InvokeAgent stream recording, relative to the
     * suite's folder): its tool calls become the expected trajectory, its answer the expected answer.
     */
    managedTrace: z.string().min(1).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type DatasetRow = z.output<typeof DatasetRowSchema>;

/** A parsed dataset and the content hash that identifies it in run manifests. */
export interface Dataset {
  path: string;
  rows: DatasetRow[];
  sha256: string;
}

/**
 * Parses JSONL text. Every problem names the line (1-based) and field; blank lines are allowed; ids must
 * be unique. All problems are reported at once, so a user fixes the file in one pass.
 */
export function parseDataset(text: string, source = "dataset"): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.push(`${source}:${line}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const parsed = DatasetRowSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(
        formatIssues(parsed.error)
          .split("\n")
          .map((issue) => `${source}:${line}: ${issue}`)
          .join("\n"),
      );
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first) {
      problems.push(`${source}:${line}: id "${parsed.data.id}" already used on line ${first}`);
      return;
    }
    seen.set(parsed.data.id, line);
    rows.push(parsed.data);
  });
  if (problems.length) throw new ConfigError(problems.join("\n"));
  if (!rows.length) throw new ConfigError(`${source}: the dataset has no rows`);
  return rows;
}

/** Reads and parses a JSONL dataset file. */
export async function loadDataset(path: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the dataset (${(error as Error).message})`);
  }
  return { path, rows: parseDataset(text, path), sha256: createHash("sha256").update(text).digest("hex") };
}

import { formatIssues } from "../config/config-error.ts";
import type { PendingToolCall, ToolDecision } from "../graph/tool-review.ts";
import type { Tool } from "../tools/define-tool.ts";
import type { LineReader } from "./line-reader.ts";

/**
 * Asks at the prompt what to do with each paused call: approve, edit the arguments (JSON) or reject
 * with a reason; for a client-run tool, its result (JSON or text) or a rejection. A bad answer is
 * explained and asked again; the end of the input returns undefined (the run stays paused).
 */
export async function askDecisions(
  calls: readonly PendingToolCall[],
  reader: LineReader,
  write: (text: string) => void,
  tools: ReadonlyMap<string, Tool> = new Map(),
): Promise<Record<string, ToolDecision> | undefined> {
  const decisions: Record<string, ToolDecision> = {};
  for (const call of calls) {
    const decision =
      call.reason === "approval"
        ? await askApproval(call, reader, write, tools.get(call.name))
        : await askResult(call, reader);
    if (!decision) return undefined;
    decisions[call.id] = decision;
  }
  return decisions;
}

/** The call as the prompt shows it, with the agent that asked when it is a sub-agent's. */
const describe = (call: PendingToolCall) =>
  `${call.agent ? `${call.agent} · ` : ""}${call.name}(${JSON.stringify(call.args)})`;

async function askApproval(
  call: PendingToolCall,
  reader: LineReader,
  write: (text: string) => void,
  tool: Tool | undefined,
): Promise<ToolDecision | undefined> {
  for (;;) {
    const answer = await reader.ask(`approve    › ${describe(call)}? [y]es, [e]dit, [n]o › `);
    if (answer === undefined) return undefined;
    const choice = answer.trim().toLowerCase();
    if (["", "y", "yes", "a", "approve"].includes(choice)) return { type: "approve" };
    if (["e", "edit"].includes(choice)) {
      const args = await askArguments(call, reader, write, tool);
      if (args === undefined) return undefined;
      return { type: "edit", args };
    }
    if (["n", "no", "r", "reject"].includes(choice)) {
      const reason = await askReason(reader);
      return reason === undefined ? undefined : { type: "reject", reason };
    }
    write(`           answer y (approve), e (edit the arguments) or n (reject), not "${answer.trim()}"\n`);
  }
}

/**
 * Asks for the call's new arguments: at a terminal the line is pre-filled with the current ones to edit;
 * piped, an empty line keeps them. The arguments are checked against the tool's schema (the problem is
 * named by field) and asked again until they fit.
 */
async function askArguments(
  call: PendingToolCall,
  reader: LineReader,
  write: (text: string) => void,
  tool: Tool | undefined,
): Promise<Record<string, unknown> | undefined> {
  let current = JSON.stringify(call.args ?? {});
  if (!reader.interactive) write(`           current arguments ${current}; an empty line keeps them\n`);
  for (;;) {
    const line = await reader.ask("arguments  › JSON object › ", { prefill: current });
    if (line === undefined) return undefined;
    const text = line.trim() || current;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      write(`           not JSON (${(error as Error).message}); try again\n`);
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      write(`           expected a JSON object such as ${JSON.stringify(call.args ?? {})}\n`);
      continue;
    }
    current = text;
    const parsed = tool?.input.safeParse(value);
    if (parsed && !parsed.success) {
      for (const problem of formatIssues(parsed.error, call.name).split("\n"))
        write(`           ${problem}\n`);
      write("           fix the arguments and try again\n");
      continue;
    }
    return value as Record<string, unknown>;
  }
}

async function askReason(reader: LineReader): Promise<string | undefined> {
  for (;;) {
    const reason = await reader.ask("reason     › the model reads it › ");
    if (reason === undefined) return undefined;
    if (reason.trim()) return reason.trim();
  }
}

async function askResult(call: PendingToolCall, reader: LineReader): Promise<ToolDecision | undefined> {
  const line = await reader.ask(
    `run it     › ${describe(call)} is yours to run; its result (JSON or text), or "reject: <reason>" › `,
  );
  if (line === undefined) return undefined;
  const rejection = /^reject:?\s*(.*)$/i.exec(line.trim());
  if (rejection) return { type: "reject", reason: rejection[1]?.trim() || "the user declined to run it" };
  try {
    return { type: "result", content: JSON.parse(line) as unknown };
  } catch {
    return { type: "result", content: line };
  }
}

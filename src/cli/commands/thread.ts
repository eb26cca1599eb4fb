import type { BaseMessage } from "@langchain/core/messages";
import { describeMessage, summarize, threadCheckpoint, threadHistory } from "../../threads/history.ts";
import { parseFlags } from "../args.ts";
import { explainError, UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { createStepPrinter } from "../render.ts";
import { openThreadAgent, THREAD_FLAGS } from "../thread-agent.ts";

const FLAGS = { ...THREAD_FLAGS, json: { type: "boolean" } } as const;
const ACTIONS = ["history", "show", "fork"] as const;

/** `glassbox thread history|show|fork`: a thread's checkpoints, one step in full, and time travel. */
export async function threadCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("thread", args, FLAGS);
  const [action, threadId, checkpointId, ...rest] = positionals;
  if (values.help || !action) {
    io.stdout(HELP.thread);
    return values.help ? 0 : 2;
  }
  if (!(ACTIONS as readonly string[]).includes(action))
    throw new UsageError(`unknown thread action "${action}": expected one of ${ACTIONS.join(", ")}`);
  if (!threadId) throw new UsageError(`thread ${action} needs a thread id (see glassbox thread --help)`);
  if (action !== "history" && !checkpointId)
    throw new UsageError(`thread ${action} needs a checkpoint id from glassbox thread history ${threadId}`);
  const message = rest.join(" ").trim();
  if (action === "fork" && !message)
    throw new UsageError(
      `thread fork needs the new message, e.g. glassbox thread fork ${threadId} <checkpoint> "…"`,
    );

  const opened = await openThreadAgent(values, io, { offline: action !== "fork" });
  try {
    const graph = opened.agent.graph;
    if (action === "history") {
      const history = await threadHistory(graph, threadId);
      if (history.length === 0) throw new UsageError(`thread "${threadId}" has no checkpoints in this store`);
      if (values.json) io.stdout(`${JSON.stringify(history, null, 2)}\n`);
      else for (const entry of history) io.stdout(formatEntry(entry));
      return 0;
    }
    const snapshot = await threadCheckpoint(graph, threadId, checkpointId ?? "");
    if (!snapshot)
      throw new UsageError(
        `thread "${threadId}" has no checkpoint "${checkpointId}" (see glassbox thread history ${threadId})`,
      );
    if (action === "show") {
      const state = snapshot.values as { messages?: BaseMessage[]; steps?: unknown[]; outcome?: unknown };
      const shown = {
        ...summarize(snapshot),
        conversation: (state.messages ?? []).map(describeMessage),
        steps: state.steps ?? [],
        outcome: state.outcome ?? null,
        interrupts: snapshot.tasks.flatMap((task) => (task.interrupts ?? []).map((pending) => pending.value)),
      };
      io.stdout(values.json ? `${JSON.stringify(shown, null, 2)}\n` : formatShown(shown));
      return 0;
    }
    const printer = createStepPrinter(io.stdout);
    for await (const event of opened.agent.stream(message, { threadId, checkpointId })) {
      if (event.type !== "done") printer.event(event);
      else if (event.result.outcome === "interrupted")
        io.stdout(`paused     › continue with glassbox chat --thread ${threadId}\n`);
      else {
        printer.result(event.result);
        return event.result.outcome === "answered" ? 0 : 1;
      }
    }
    return 1;
  } catch (error) {
    if (UsageError.isInstance(error)) throw error;
    const explained = explainError(error, { endpoint: opened.connection.endpoint });
    io.stderr(`glassbox: ${explained.message}\n`);
    if (values.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  } finally {
    await opened.close();
  }
}

function formatEntry(entry: ReturnType<typeof summarize>): string {
  const wrote = entry.wrote.length ? entry.wrote.join(",") : entry.source;
  const next = entry.next.length ? ` → ${entry.next.join(",")}` : "";
  return `${entry.checkpointId}  step ${String(entry.step).padStart(2)}  ${wrote}${next}  ${entry.messages} msgs  ${entry.last ?? ""}\n`;
}

function formatShown(
  shown: ReturnType<typeof summarize> & { conversation: string[]; interrupts: unknown[] },
): string {
  const lines = [
    `checkpoint ${shown.checkpointId} (step ${shown.step}, ${shown.source}${shown.createdAt ? `, ${shown.createdAt}` : ""})`,
    `parent     ${shown.parentCheckpointId ?? "-"}`,
    `next       ${shown.next.join(", ") || "- (the run ended)"}`,
    ...shown.conversation.map((line, i) => `${String(i + 1).padStart(3)}. ${line}`),
    ...shown.interrupts.map((value) => `interrupt  ${JSON.stringify(value)}`),
  ];
  return `${lines.join("\n")}\n`;
}

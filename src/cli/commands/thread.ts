import type { BaseMessage } from "@langchain/core/messages";
import { ConfigError } from "../../errors.ts";
import {
  buildCheckpointTree,
  type CheckpointTreeNode,
  findCheckpoint,
  forkKindOf,
} from "../../studio/shared/checkpoint-tree.ts";
import { checkpointIds, deleteCheckpoints } from "../../studio/thread-store.ts";
import {
  type CheckpointSummary,
  describeMessage,
  summarize,
  threadCheckpoint,
  threadHistory,
} from "../../threads/history.ts";
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
    throw new UsageError(
      `thread ${action} needs a checkpoint (an id, a unique prefix of one, or a step number) from glassbox thread history ${threadId}`,
    );
  const message = rest.join(" ").trim();
  if (action === "fork" && !message)
    throw new UsageError(
      `thread fork needs the new message, e.g. glassbox thread fork ${threadId} <checkpoint> "…"`,
    );

  const opened = await openThreadAgent(values, io, { offline: action !== "fork" });
  try {
    const graph = opened.agent.graph;
    const history = await threadHistory(graph, threadId);
    if (history.length === 0) throw new UsageError(`thread "${threadId}" has no checkpoints in this store`);
    if (action === "history") {
      if (values.json) io.stdout(`${JSON.stringify(history, null, 2)}\n`);
      else io.stdout(formatTree(history));
      return 0;
    }
    const resolved = resolveCheckpoint(history, threadId, checkpointId ?? "");
    const snapshot = await threadCheckpoint(graph, threadId, resolved);
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
    const point = summarize(snapshot);
    if (forkKindOf(point) !== "message")
      throw new UsageError(
        `checkpoint ${checkpointId} is ${point.next.includes("__start__") ? "the thread's input" : `mid-run (next: ${point.next.join(", ")})`}; fork from a checkpoint where a run ended ("end of run" in glassbox thread history ${threadId})`,
      );
    // A fork that fails removes what it wrote, so the thread keeps no half-made branch.
    const before = await checkpointIds(opened.checkpointer.saver, threadId);
    const printer = createStepPrinter(io.stdout);
    try {
      for await (const event of opened.agent.stream(message, { threadId, checkpointId: resolved })) {
        if (event.type !== "done") printer.event(event);
        else if (event.result.outcome === "interrupted")
          io.stdout(`paused     › continue with glassbox chat --thread ${threadId}\n`);
        else {
          printer.result(event.result);
          return event.result.outcome === "answered" ? 0 : 1;
        }
      }
    } catch (error) {
      const now = await checkpointIds(opened.checkpointer.saver, threadId);
      await deleteCheckpoints(
        opened.checkpointer.saver,
        threadId,
        [...now].filter((id) => !before.has(id)),
      );
      throw error;
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

/** A checkpoint reference (id, unique prefix, step number) as the full id, or a usage error that lists candidates. */
function resolveCheckpoint(history: readonly CheckpointSummary[], threadId: string, ref: string): string {
  const lookup = findCheckpoint(history, ref);
  if ("found" in lookup) return lookup.found.checkpointId;
  const tree = buildCheckpointTree(history);
  const label = (id: string) => tree.rows.find((row) => row.checkpointId === id)?.shortId ?? id;
  if (lookup.problem === "ambiguous")
    throw new ConfigError(
      `"${ref}" matches ${lookup.candidates.length} checkpoints of thread "${threadId}": ${lookup.candidates.map((c) => `${label(c.checkpointId)} (step ${c.step})`).join(", ")}; give more of the id`,
      { code: "CHECKPOINT_NOT_FOUND" },
    );
  throw new ConfigError(
    `thread "${threadId}" has no checkpoint "${ref}" (an id, a unique prefix or a step number; see glassbox thread history ${threadId})`,
    { code: "CHECKPOINT_NOT_FOUND" },
  );
}

const stamp = (iso?: string) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : "                    ");

/**
 * The thread's checkpoints as a tree, oldest first: each branch (a fork, a rerun) indented under the
 * checkpoint it leaves from, with short ids (unique prefixes `show` and `fork` accept), step numbers and
 * timestamps.
 */
export function formatTree(history: readonly CheckpointSummary[]): string {
  const tree = buildCheckpointTree(history);
  const lines = tree.rows.map((row: CheckpointTreeNode) => {
    const guide = row.depth ? `${"│  ".repeat(row.depth - 1)}${row.branchOf ? "└─ " : "   "}` : "";
    const glyph = row.children.length > 1 ? "◆" : row.head ? "◉" : "●";
    const wrote = row.wrote.length ? row.wrote.join(",") : row.source;
    const next = row.next.length ? ` → ${row.next.join(",")}` : " · end of run";
    const width = Math.max(...tree.rows.map((r) => r.shortId.length));
    return `${guide}${glyph} ${row.shortId.padEnd(width)}  step ${String(row.step).padStart(2)}  ${stamp(row.createdAt)}  ${wrote}${next}  ${row.messages} msgs${row.last ? `  ${row.last}` : ""}`;
  });
  const legend = `${tree.rows.length} checkpoints${tree.branchPoints.length ? `, ${tree.branchPoints.length} branch point${tree.branchPoints.length === 1 ? "" : "s"} (◆)` : ""}; ◉ newest. show/fork take an id prefix or a step number.`;
  return `${lines.join("\n")}\n${legend}\n`;
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

/**
 * The checkpoints of a thread as a tree: each checkpoint under its parent, so a fork (a second run
 * from an earlier checkpoint) shows as a branch instead of being interleaved in a flat, time-ordered
 * list. Pure data in and out: the CLI's `thread history` and the Studio UI both draw from it.
 */

import type { CheckpointSummary } from "../../threads/history.ts";

/** One checkpoint as the thread store reports it (type only: the UI bundles none of src/threads). */
export type CheckpointEntry = CheckpointSummary;

/** What can be done from a checkpoint. */
export type ForkKind =
  /** The run ended here: a new message can be sent from this point (a new branch). */
  | "message"
  /** The run went on from here: run it again from this point (time travel). */
  | "rerun"
  /** The thread's input checkpoint (`__start__` pending): nothing to fork from. */
  | "none";

/** A checkpoint placed in the tree. */
export interface CheckpointTreeNode extends CheckpointEntry {
  children: CheckpointTreeNode[];
  /** Shortest prefix of the id that no other checkpoint of the thread shares (at least 8 characters). */
  shortId: string;
  /** 0 on the first line of history; each branch one deeper than the checkpoint it leaves from. */
  depth: number;
  /** Set on the first checkpoint of a branch: the checkpoint it was forked from. */
  branchOf?: string;
  /** The newest checkpoint of the thread (where a plain continue resumes). */
  head: boolean;
  fork: ForkKind;
}

/** The tree and its rows in drawing order (depth-first, older branch first). */
export interface CheckpointTree {
  roots: CheckpointTreeNode[];
  rows: CheckpointTreeNode[];
  /** Checkpoints that have more than one child: where the thread branches. */
  branchPoints: string[];
}

/** What a checkpoint offers: a new message where a run ended, a rerun where one went on. */
export function forkKindOf(entry: Pick<CheckpointEntry, "next" | "source" | "step">): ForkKind {
  if (entry.next.length === 0) return "message";
  if (entry.source === "input" || entry.next.includes("__start__")) return "none";
  return "rerun";
}

/** The shortest unique prefix of each id (ids of one thread share their time-ordered start). */
export function shortIds(ids: readonly string[], min = 8): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const result = new Map<string, string>();
  sorted.forEach((id, i) => {
    const common = (other: string | undefined) => {
      if (!other) return 0;
      let n = 0;
      while (n < id.length && id[n] === other[n]) n++;
      return n;
    };
    const length = Math.max(min, common(sorted[i - 1]) + 1, common(sorted[i + 1]) + 1);
    result.set(id, id.slice(0, Math.min(id.length, length)));
  });
  return result;
}

const order = (a: CheckpointEntry, b: CheckpointEntry) =>
  (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.checkpointId.localeCompare(b.checkpointId);

/**
 * Builds the tree. Entries may come in any order (the store lists newest first); a checkpoint whose
 * parent is not among them becomes a root. The oldest child continues its parent's line; later
 * children are branches, one level deeper.
 */
export function buildCheckpointTree(entries: readonly CheckpointEntry[]): CheckpointTree {
  const short = shortIds(entries.map((entry) => entry.checkpointId));
  const newest = [...entries].sort(order).at(-1)?.checkpointId;
  const nodes = new Map<string, CheckpointTreeNode>();
  for (const entry of entries) {
    nodes.set(entry.checkpointId, {
      ...entry,
      children: [],
      shortId: short.get(entry.checkpointId) ?? entry.checkpointId,
      depth: 0,
      head: entry.checkpointId === newest,
      fork: forkKindOf(entry),
    });
  }
  const roots: CheckpointTreeNode[] = [];
  for (const node of [...nodes.values()].sort(order)) {
    const parent = node.parentCheckpointId ? nodes.get(node.parentCheckpointId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const rows: CheckpointTreeNode[] = [];
  const branchPoints: string[] = [];
  // Iterative depth-first walk: a long thread must not overflow the stack.
  const stack: Array<{ node: CheckpointTreeNode; depth: number; branchOf?: string }> = roots
    .map((node, i) => ({ node, depth: i === 0 ? 0 : 1 }))
    .reverse();
  while (stack.length) {
    const { node, depth, branchOf } = stack.pop() as (typeof stack)[number];
    node.depth = depth;
    if (branchOf) node.branchOf = branchOf;
    rows.push(node);
    if (node.children.length > 1) branchPoints.push(node.checkpointId);
    // Later children first onto the stack, so the first child's line is drawn before the branches.
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i] as CheckpointTreeNode;
      stack.push(
        i === 0 ? { node: child, depth } : { node: child, depth: depth + 1, branchOf: node.checkpointId },
      );
    }
  }
  return { roots, rows, branchPoints };
}

/** How a checkpoint reference failed to resolve, for an error message that says what to type. */
export type CheckpointLookup =
  | { found: CheckpointEntry }
  | { problem: "none" | "ambiguous"; candidates: CheckpointEntry[] };

/**
 * Resolves what a person typed: a full id, a unique prefix of one, or a step number (`3`, or `step:3`).
 * A step number that several branches share is ambiguous unless only one of them is on the newest line.
 */
export function findCheckpoint(entries: readonly CheckpointEntry[], ref: string): CheckpointLookup {
  const text = ref.trim();
  const exact = entries.find((entry) => entry.checkpointId === text);
  if (exact) return { found: exact };
  const stepMatch = /^(?:step:?)?(-?\d+)$/i.exec(text);
  if (stepMatch) {
    const step = Number(stepMatch[1]);
    const atStep = entries.filter((entry) => entry.step === step);
    if (atStep.length === 1) return { found: atStep[0] as CheckpointEntry };
    if (atStep.length > 1) {
      const onHead = atStep.filter((entry) => lineOf(entries).has(entry.checkpointId));
      if (onHead.length === 1) return { found: onHead[0] as CheckpointEntry };
      return { problem: "ambiguous", candidates: atStep };
    }
  }
  const prefixed = entries.filter((entry) => entry.checkpointId.startsWith(text));
  if (prefixed.length === 1) return { found: prefixed[0] as CheckpointEntry };
  return { problem: prefixed.length ? "ambiguous" : "none", candidates: prefixed };
}

/** The ids on the newest checkpoint's line back to the root (the thread's current history). */
export function lineOf(entries: readonly CheckpointEntry[]): Set<string> {
  const byId = new Map(entries.map((entry) => [entry.checkpointId, entry]));
  const newest = [...entries].sort(order).at(-1);
  const line = new Set<string>();
  for (let at = newest; at && !line.has(at.checkpointId); at = byId.get(at.parentCheckpointId ?? "")) {
    line.add(at.checkpointId);
  }
  return line;
}

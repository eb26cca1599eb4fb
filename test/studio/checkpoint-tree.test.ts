import { describe, expect, it } from "vitest";
import {
  buildCheckpointTree,
  type CheckpointEntry,
  findCheckpoint,
  forkKindOf,
  shortIds,
} from "../../src/studio/shared/checkpoint-tree.ts";

const entry = (
  id: string,
  parent: string | undefined,
  step: number,
  next: string[],
  at: number,
): CheckpointEntry => ({
  checkpointId: id,
  ...(parent ? { parentCheckpointId: parent } : {}),
  step,
  source: step < 0 ? "input" : "loop",
  wrote: [],
  next,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
  messages: step + 1,
});

// A thread: input → think → act → think → end, then a rerun from the checkpoint before act (a fork).
const history = [
  entry("1f1e-a0", undefined, -1, ["__start__"], 0),
  entry("1f1e-a1", "1f1e-a0", 0, ["think"], 1),
  entry("1f1e-a2", "1f1e-a1", 1, ["act"], 2),
  entry("1f1e-a3", "1f1e-a2", 2, ["think"], 3),
  entry("1f1e-a4", "1f1e-a3", 3, [], 4),
  entry("1f1e-b3", "1f1e-a2", 2, ["think"], 10),
  entry("1f1e-b4", "1f1e-b3", 3, [], 11),
];

describe("checkpoint tree", () => {
  it("puts a fork's checkpoints on a branch under the checkpoint it left from, in any input order", () => {
    const tree = buildCheckpointTree([...history].reverse());
    expect(tree.rows.map((row) => [row.checkpointId, row.depth])).toEqual([
      ["1f1e-a0", 0],
      ["1f1e-a1", 0],
      ["1f1e-a2", 0],
      ["1f1e-a3", 0],
      ["1f1e-a4", 0],
      ["1f1e-b3", 1],
      ["1f1e-b4", 1],
    ]);
    expect(tree.branchPoints).toEqual(["1f1e-a2"]);
    expect(tree.rows.find((row) => row.checkpointId === "1f1e-b3")?.branchOf).toBe("1f1e-a2");
    expect(tree.rows.filter((row) => row.head).map((row) => row.checkpointId)).toEqual(["1f1e-b4"]);
    expect(tree.roots).toHaveLength(1);
  });

  it("offers a message where a run ended, a rerun where it went on, nothing at the input", () => {
    expect(forkKindOf(history[4] as CheckpointEntry)).toBe("message");
    expect(forkKindOf(history[2] as CheckpointEntry)).toBe("rerun");
    expect(forkKindOf(history[0] as CheckpointEntry)).toBe("none");
    const tree = buildCheckpointTree(history);
    expect(tree.rows.map((row) => row.fork)).toEqual([
      "none",
      "rerun",
      "rerun",
      "rerun",
      "message",
      "rerun",
      "message",
    ]);
  });

  it("gives each checkpoint the shortest prefix no other shares, at least 8 characters", () => {
    const ids = [
      "1f1ed6d9-f5ff-6440-ffff-307c2b099e0e",
      "1f1ed6d9-f626-6540-8000-9d19b8e184fe",
      "1f1ed6d9-faa9-61d0-8001-be1a52285926",
    ];
    expect([...shortIds(ids).values()]).toEqual(["1f1ed6d9-f5", "1f1ed6d9-f6", "1f1ed6d9-fa"]);
    expect(shortIds(["abcdefghij"]).get("abcdefghij")).toBe("abcdefgh");
  });

  it("resolves ids, unique prefixes and step numbers, and says when a reference is ambiguous", () => {
    expect(findCheckpoint(history, "1f1e-a3")).toEqual({ found: history[3] });
    expect(findCheckpoint(history, "1f1e-b")).toMatchObject({ problem: "ambiguous" });
    expect(findCheckpoint(history, "1f1e-b4")).toEqual({ found: history[6] });
    // Step 3 is on both lines: the newest line wins.
    expect(findCheckpoint(history, "3")).toEqual({ found: history[6] });
    expect(findCheckpoint(history, "step:1")).toEqual({ found: history[2] });
    expect(findCheckpoint(history, "zzz")).toEqual({ problem: "none", candidates: [] });
  });

  it("draws a long thread without recursion", () => {
    const long = Array.from({ length: 20_000 }, (_, i) =>
      entry(
        `c${String(i).padStart(6, "0")}`,
        i ? `c${String(i - 1).padStart(6, "0")}` : undefined,
        i - 1,
        ["think"],
        i,
      ),
    );
    expect(buildCheckpointTree(long).rows).toHaveLength(20_000);
  });
});

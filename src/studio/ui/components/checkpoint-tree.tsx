import type { CheckpointTree } from "../../shared/checkpoint-tree.ts";

const time = (iso?: string) => (iso ? new Date(iso).toLocaleTimeString() : "");

/** A thread's checkpoints as a tree: branches indented under the checkpoint they leave from. */
export function CheckpointTreeView(props: {
  tree: CheckpointTree;
  selected?: string;
  onSelect: (checkpointId: string) => void;
}) {
  return (
    <ol class="checkpoint-tree" aria-label="checkpoints">
      {props.tree.rows.map((row) => (
        <li
          key={row.checkpointId}
          class={`checkpoint depth-${Math.min(row.depth, 6)}${row.branchOf ? " branch-start" : ""}${row.head ? " head" : ""}${props.selected === row.checkpointId ? " selected" : ""}`}
          data-checkpoint={row.checkpointId}
          data-depth={row.depth}
          data-fork={row.fork}
          style={{ marginLeft: `${row.depth * 22}px` }}
        >
          <button type="button" class="link" onClick={() => props.onSelect(row.checkpointId)}>
            {row.branchOf ? "↳ " : row.children.length > 1 ? "◆ " : "● "}
            <code>{row.shortId}</code> step {row.step} ·{" "}
            {row.wrote.length ? row.wrote.join(", ") : row.source}
            {row.next.length ? ` → ${row.next.join(", ")}` : " · end of run"}
            <span class="muted">
              {" "}
              {time(row.createdAt)} · {row.messages} msgs{row.head ? " · newest" : ""}
            </span>
          </button>
          {row.last && <div class="last muted">{row.last}</div>}
        </li>
      ))}
    </ol>
  );
}

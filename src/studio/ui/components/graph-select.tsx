import type { GraphInfo } from "../../shared/api-types.ts";

/** A labelled drop-down of the Studio's graphs. */
export function GraphSelect(props: {
  id: string;
  label: string;
  graphs: readonly GraphInfo[];
  value: string;
  onChange: (graphId: string) => void;
}) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {props.graphs.map((g) => (
          <option key={g.id} value={g.id}>
            {g.title}
          </option>
        ))}
      </select>
    </>
  );
}

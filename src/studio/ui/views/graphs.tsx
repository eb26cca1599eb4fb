import type { GraphInfo } from "../../shared/api-types.ts";
import type { Breakpoints } from "../api.ts";
import { GraphView } from "../components/graph-view.tsx";

/** Every graph the Studio serves, drawn, with its tools and breakpoints. */
export function GraphsView(props: {
  graphs: GraphInfo[];
  selected?: string;
  breakpoints: Record<string, Breakpoints>;
  onSelect: (id: string) => void;
  onToggle: (graphId: string, node: string, where: "before" | "after") => void;
}) {
  const graph = props.graphs.find((g) => g.id === props.selected) ?? props.graphs[0];
  return (
    <div class="split">
      <nav class="list" aria-label="graphs">
        {props.graphs.map((g) => (
          <button
            type="button"
            key={g.id}
            class={`list-item${g.id === graph?.id ? " selected" : ""}`}
            data-graph={g.id}
            onClick={() => props.onSelect(g.id)}
          >
            <b>{g.title}</b>
            <span class="muted">
              {g.origin} · {g.structure.nodes.length - 2} nodes
            </span>
          </button>
        ))}
      </nav>
      {graph && (
        <section class="main">
          <h2>{graph.title}</h2>
          {graph.description && <p class="muted">{graph.description}</p>}
          <GraphView
            structure={graph.structure}
            breakpoints={props.breakpoints[graph.id]}
            onToggle={(node, where) => props.onToggle(graph.id, node, where)}
          />
          <p class="muted">
            Breakpoints: before {props.breakpoints[graph.id]?.interruptBefore.join(", ") || "none"} · after{" "}
            {props.breakpoints[graph.id]?.interruptAfter.join(", ") || "none"}. Runs you start from the Runs
            view pause there.
          </p>
          {graph.tools.length > 0 && (
            <>
              <h3>Tools</h3>
              <table>
                <tbody>
                  {graph.tools.map((tool) => (
                    <tr key={tool.name}>
                      <td>
                        <code>{tool.name}</code>
                      </td>
                      <td>
                        {tool.pauses === "approval"
                          ? "needs approval"
                          : tool.pauses === "client"
                            ? "run by the client"
                            : "runs in the agent"}
                      </td>
                      <td class="muted">{tool.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </div>
  );
}

import { useMemo } from "preact/hooks";
import type { GraphStructure } from "../../shared/graph-layout.ts";
import { layoutGraph } from "../../shared/graph-layout.ts";
import type { Breakpoints } from "../api.ts";

const KIND_LABEL: Record<string, string> = {
  model: "model call",
  tools: "tools",
  review: "approval / client tools",
  guardrail: "guardrail checkpoint",
  retrieval: "retrieval",
  extension: "extension node",
};

/**
 * A graph drawn from its structure: nodes coloured by their part in the loop, conditional edges dashed,
 * loops curving back, sub-agents boxed. With `onToggle`, a click on a node sets a breakpoint before it
 * and a click on its lower handle one after it.
 */
export function GraphView(props: {
  structure: GraphStructure;
  breakpoints?: Breakpoints;
  active?: string;
  onToggle?: (node: string, where: "before" | "after") => void;
}) {
  const layout = useMemo(() => layoutGraph(props.structure), [props.structure]);
  const before = new Set(props.breakpoints?.interruptBefore ?? []);
  const after = new Set(props.breakpoints?.interruptAfter ?? []);
  const kinds = [...new Set(layout.nodes.map((node) => node.kind))].filter((kind) => KIND_LABEL[kind]);
  return (
    <div class="graph-view">
      <svg
        class="graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
          </marker>
        </defs>
        {layout.clusters.map((cluster) => (
          <g key={cluster.name} class="cluster">
            <rect x={cluster.x} y={cluster.y} width={cluster.width} height={cluster.height} rx="8" />
            <text x={cluster.x + 8} y={cluster.y + 13}>
              sub-agent {cluster.name}
            </text>
          </g>
        ))}
        {layout.edges.map((edge) => (
          <path
            key={`${edge.source}-${edge.target}`}
            d={edge.path}
            class={`edge${edge.conditional ? " conditional" : ""}${edge.back ? " back" : ""}`}
            data-edge={`${edge.source}->${edge.target}`}
            marker-end="url(#arrow)"
          />
        ))}
        {layout.nodes.map((node) => {
          // Breakpoints are the root graph's: a sub-agent's nodes (xray ids) cannot take one.
          const special = node.kind === "start" || node.kind === "end" || node.subgraph !== undefined;
          const toggle = (where: "before" | "after") => (event: Event) => {
            event.stopPropagation();
            if (!special) props.onToggle?.(node.id, where);
          };
          return (
            <g
              key={node.id}
              class={`node ${node.kind}${props.active === node.id ? " active" : ""}${before.has(node.id) ? " bp-before" : ""}${after.has(node.id) ? " bp-after" : ""}`}
              data-node={node.id}
              {...(props.onToggle && !special
                ? {
                    role: "button",
                    tabIndex: 0,
                    "aria-label": `${node.id}: pause before`,
                    onClick: toggle("before"),
                    onKeyDown: (event: KeyboardEvent) => {
                      if (event.key === "Enter" || event.key === " ") toggle("before")(event);
                    },
                  }
                : {})}
            >
              <title>
                {node.id}
                {KIND_LABEL[node.kind] ? ` (${KIND_LABEL[node.kind]})` : ""}
                {props.onToggle && !special ? " — click: pause before; lower handle: pause after" : ""}
              </title>
              <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={special ? 17 : 6} />
              <text x={node.x + node.width / 2} y={node.y + node.height / 2 + 4} text-anchor="middle">
                {node.label}
              </text>
              {props.onToggle && !special && (
                <>
                  <circle class="bp before" cx={node.x + node.width / 2} cy={node.y} r="5" />
                  {/* biome-ignore lint/a11y/useSemanticElements: an SVG shape cannot be a <button> */}
                  <circle
                    class="bp after"
                    cx={node.x + node.width / 2}
                    cy={node.y + node.height}
                    r="5"
                    role="button"
                    tabIndex={0}
                    aria-label={`${node.id}: pause after`}
                    onClick={toggle("after")}
                    onKeyDown={(event) => {
                      if (event.key === "Enter" || event.key === " ") toggle("after")(event);
                    }}
                  />
                </>
              )}
            </g>
          );
        })}
      </svg>
      <div class="legend">
        {kinds.map((kind) => (
          <span key={kind} class={`chip ${kind}`}>
            {KIND_LABEL[kind]}
          </span>
        ))}
        <span class="chip edge-key">- - conditional edge</span>
        {props.onToggle && <span class="chip bp-key">● breakpoint</span>}
      </div>
    </div>
  );
}

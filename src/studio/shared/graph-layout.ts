/**
 * The drawable structure of a compiled graph and a layered layout for it: nodes in rows by their
 * distance from `__start__` (loops do not push nodes down), ordered within a row to keep edges short,
 * subgraph nodes (LangGraph's `xray` ids, `parent:child`) boxed together.
 */

/** What a node is in the ReAct loop, for its colour and legend. */
export type NodeKind =
  | "start"
  | "end"
  | "model"
  | "tools"
  | "review"
  | "guardrail"
  | "retrieval"
  | "extension";

export interface GraphNodeInfo {
  id: string;
  /** The name without its subgraph prefix. */
  label: string;
  kind: NodeKind;
  /** The subgraph (sub-agent) it belongs to, for xray ids `agent:think`. */
  subgraph?: string;
}

export interface GraphEdgeInfo {
  source: string;
  target: string;
  conditional: boolean;
}

/** A graph as `GET /api/graphs` describes it. */
export interface GraphStructure {
  nodes: GraphNodeInfo[];
  edges: GraphEdgeInfo[];
}

/** What a node name says about its part in the loop (Glassbox's own names; anything else is an extension). */
export function nodeKind(label: string): NodeKind {
  if (label === "__start__") return "start";
  if (label === "__end__") return "end";
  if (label === "think" || label === "agent" || label === "model_request") return "model";
  if (label === "act" || label === "tools") return "tools";
  if (label === "review_tools") return "review";
  if (label.includes("guardrail")) return "guardrail";
  if (label === "retrieve" || label === "cite" || label.includes("retriev")) return "retrieval";
  return "extension";
}

/** Describes nodes and edges as LangGraph's drawable graph (`getGraphAsync({ xray: true })`) gives them. */
export function describeGraph(drawable: {
  nodes: Record<string, { id: string; name?: string }> | Array<{ id: string; name?: string }>;
  edges: Array<{ source: string; target: string; conditional?: boolean }>;
}): GraphStructure {
  const list = Array.isArray(drawable.nodes) ? drawable.nodes : Object.values(drawable.nodes);
  const nodes = list.map((node) => {
    const id = String(node.id);
    const cut = id.lastIndexOf(":");
    const subgraph = cut > 0 && !id.startsWith("__") ? id.slice(0, cut) : undefined;
    const label = subgraph ? id.slice(cut + 1) : id;
    return { id, label, kind: nodeKind(label), ...(subgraph ? { subgraph } : {}) };
  });
  const edges = drawable.edges.map((edge) => ({
    source: String(edge.source),
    target: String(edge.target),
    conditional: Boolean(edge.conditional),
  }));
  return { nodes, edges };
}

export interface PlacedNode extends GraphNodeInfo {
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface PlacedEdge extends GraphEdgeInfo {
  /** An edge back up the layers (the ReAct loop's act → think). */
  back: boolean;
  path: string;
  /** Where the arrow head sits. */
  end: { x: number; y: number };
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  clusters: Array<{ name: string; x: number; y: number; width: number; height: number }>;
  width: number;
  height: number;
}

const NODE_H = 34;
const GAP_X = 36;
const GAP_Y = 58;
const MARGIN = 24;

/** Node width for its label (no text measuring in a pure module: a monospace estimate). */
const widthOf = (label: string) => Math.max(72, label.length * 7.4 + 26);

/** Lays the graph out top-down. Deterministic: the same structure always gives the same picture. */
export function layoutGraph(graph: GraphStructure): GraphLayout {
  const ids = graph.nodes.map((node) => node.id);
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of graph.edges) out.get(edge.source)?.push(edge.target);

  // Depth-first from the start (then any unreached node) to find the back edges of loops.
  const back = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const starts = [...ids.filter((id) => id === "__start__"), ...ids];
  for (const start of starts) {
    if (state.has(start)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, "open");
    while (stack.length) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const targets = out.get(top.id) ?? [];
      if (top.next >= targets.length) {
        state.set(top.id, "done");
        stack.pop();
        continue;
      }
      const target = targets[top.next++] as string;
      if (state.get(target) === "open") back.add(`${top.id}\u0000${target}`);
      else if (!state.has(target)) {
        state.set(target, "open");
        stack.push({ id: target, next: 0 });
      }
    }
  }
  const forward = graph.edges.filter((edge) => !back.has(`${edge.source}\u0000${edge.target}`));

  // Longest path over forward edges; the end node goes below everything.
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  for (let pass = 0; pass < ids.length; pass++) {
    let changed = false;
    for (const edge of forward) {
      const next = (layer.get(edge.source) ?? 0) + 1;
      if (next > (layer.get(edge.target) ?? 0)) {
        layer.set(edge.target, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const deepest = Math.max(0, ...[...layer.entries()].filter(([id]) => id !== "__end__").map(([, l]) => l));
  if (layer.has("__end__")) layer.set("__end__", deepest + 1);

  // Order within layers by the mean position of their predecessors (one sweep is plenty here).
  const layers: string[][] = [];
  for (const id of ids) {
    const l = layer.get(id) ?? 0;
    layers[l] = [...(layers[l] ?? []), id];
  }
  const position = new Map<string, number>();
  for (const row of layers) {
    if (!row) continue;
    const score = (id: string) => {
      const preds = forward
        .filter((edge) => edge.target === id)
        .map((edge) => position.get(edge.source) ?? 0);
      return preds.length ? preds.reduce((a, b) => a + b, 0) / preds.length : 0;
    };
    row.sort((a, b) => score(a) - score(b) || ids.indexOf(a) - ids.indexOf(b));
    for (const [i, id] of row.entries()) position.set(id, i);
  }

  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const rowWidths = layers.map(
    (row) =>
      (row ?? []).reduce((sum, id) => sum + widthOf(byId.get(id)?.label ?? id), 0) +
      GAP_X * Math.max(0, (row?.length ?? 1) - 1),
  );
  const width = Math.max(...rowWidths, 120) + MARGIN * 2 + 80;
  const placed = new Map<string, PlacedNode>();
  layers.forEach((row, l) => {
    let x = (width - (rowWidths[l] ?? 0)) / 2;
    for (const id of row ?? []) {
      const node = byId.get(id) as GraphNodeInfo;
      const w = widthOf(node.label);
      placed.set(id, { ...node, x, y: MARGIN + l * (NODE_H + GAP_Y), width: w, height: NODE_H, layer: l });
      x += w + GAP_X;
    }
  });

  const edges = graph.edges.flatMap((edge): PlacedEdge[] => {
    const a = placed.get(edge.source);
    const b = placed.get(edge.target);
    if (!a || !b) return [];
    const isBack = back.has(`${edge.source}\u0000${edge.target}`) || b.layer <= a.layer;
    if (isBack) {
      // Out of the right side, up, into the right side: loops read as loops.
      const x1 = a.x + a.width;
      const y1 = a.y + a.height / 2;
      const x2 = b.x + b.width;
      const y2 = b.y + b.height / 2;
      const bulge = Math.max(x1, x2) + 40 + (a.layer - b.layer) * 6;
      return [
        {
          ...edge,
          back: true,
          path: `M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2 + 6},${y2}`,
          end: { x: x2, y: y2 },
        },
      ];
    }
    const x1 = a.x + a.width / 2;
    const y1 = a.y + a.height;
    const x2 = b.x + b.width / 2;
    const y2 = b.y;
    const mid = (y1 + y2) / 2;
    return [
      {
        ...edge,
        back: false,
        path: `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 6}`,
        end: { x: x2, y: y2 },
      },
    ];
  });

  const clusters = [...new Set(graph.nodes.flatMap((node) => (node.subgraph ? [node.subgraph] : [])))].map(
    (name) => {
      const members = [...placed.values()].filter((node) => node.subgraph === name);
      const x = Math.min(...members.map((node) => node.x)) - 12;
      const y = Math.min(...members.map((node) => node.y)) - 20;
      const right = Math.max(...members.map((node) => node.x + node.width)) + 12;
      const bottom = Math.max(...members.map((node) => node.y + node.height)) + 10;
      return { name, x, y, width: right - x, height: bottom - y };
    },
  );

  const height = MARGIN * 2 + layers.length * (NODE_H + GAP_Y) - GAP_Y;
  return { nodes: [...placed.values()], edges, clusters, width, height };
}

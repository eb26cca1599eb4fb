import type { LangGraphRunnableConfig } from "@langchain/langgraph";

/** Where breakpoints on the nodes of agents a run calls travel, in LangGraph's `configurable`. */
export const NESTED_BREAKPOINTS_KEY = "glassbox_nested_breakpoints";

/** Breakpoints by node, as Studio draws them: a graph's own (`think`) and its sub-agents' (`act:think`). */
export interface Breakpoints {
  interruptBefore?: readonly string[];
  interruptAfter?: readonly string[];
}

/**
 * Splits breakpoints into the graph's own nodes and the nodes of agents run from one of its nodes
 * (LangGraph's xray ids `parent:node`, which LangGraph itself would not stop at): the latter go in
 * `configurable` under {@link NESTED_BREAKPOINTS_KEY}, where every run nested under that node reads them.
 */
export function splitBreakpoints(breakpoints: Breakpoints): {
  own: { interruptBefore?: string[]; interruptAfter?: string[] };
  nested?: Breakpoints;
} {
  const own = (ids: readonly string[] | undefined) => ids?.filter((id) => id === "*" || !id.includes(":"));
  const nested = (ids: readonly string[] | undefined) => ids?.filter((id) => id !== "*" && id.includes(":"));
  const before = nested(breakpoints.interruptBefore) ?? [];
  const after = nested(breakpoints.interruptAfter) ?? [];
  const ownBefore = own(breakpoints.interruptBefore);
  const ownAfter = own(breakpoints.interruptAfter);
  return {
    own: {
      ...(ownBefore?.length ? { interruptBefore: ownBefore } : {}),
      ...(ownAfter?.length ? { interruptAfter: ownAfter } : {}),
    },
    ...(before.length || after.length ? { nested: { interruptBefore: before, interruptAfter: after } } : {}),
  };
}

/**
 * The breakpoints a run nested in a caller's node takes: the caller's `parent:node` ones whose parent is
 * the top-level node it runs under (the first segment of its checkpoint namespace), as node names.
 */
export function nestedBreakpointsFor(caller: LangGraphRunnableConfig | undefined): {
  interruptBefore?: string[];
  interruptAfter?: string[];
} {
  const breakpoints = caller?.configurable?.[NESTED_BREAKPOINTS_KEY] as Breakpoints | undefined;
  const namespace = caller?.configurable?.checkpoint_ns;
  if (!breakpoints || typeof namespace !== "string" || !namespace) return {};
  const parent = namespace.split("|")[0]?.split(":")[0] ?? "";
  const under = (ids: readonly string[] | undefined) =>
    (ids ?? []).filter((id) => id.startsWith(`${parent}:`)).map((id) => id.slice(parent.length + 1));
  const before = under(breakpoints.interruptBefore);
  const after = under(breakpoints.interruptAfter);
  return {
    ...(before.length ? { interruptBefore: before } : {}),
    ...(after.length ? { interruptAfter: after } : {}),
  };
}

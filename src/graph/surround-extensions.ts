import type { AgentNode, GraphExtensions } from "./build.ts";

/**
 * Combines two sets of extension nodes so that `outer` surrounds `inner`: outer's input, tool-argument and
 * answer nodes run first (a blocked input is never retrieved for, the answer is checked before it is cited),
 * and outer's tool-result nodes run last (they see what the model will read).
 */
export function surroundExtensions(outer: GraphExtensions, inner: GraphExtensions): GraphExtensions {
  const join = (first?: AgentNode[], second?: AgentNode[]) => [...(first ?? []), ...(second ?? [])];
  return {
    onInput: join(outer.onInput, inner.onInput),
    beforeAct: join(outer.beforeAct, inner.beforeAct),
    afterAct: join(inner.afterAct, outer.afterAct),
    onAnswer: join(outer.onAnswer, inner.onAnswer),
  };
}

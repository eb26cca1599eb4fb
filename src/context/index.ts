/**
 * @module
 * Context management: keeps long threads inside the model's context window. `slidingWindow()` leaves
 * out the oldest turns (tool uses and their results together) after shortening the largest tool results;
 * `summarizing()` replaces old turns with a summary. The thread's history is never rewritten.
 */
export type { ContextDecision, ContextInput, ContextManager, Summarize } from "./context-manager.ts";
export type { ContextStep } from "./context-step.ts";
export { ContextStepSchema } from "./context-step.ts";
export { type ContextMarker, contextView, latestMarker } from "./context-view.ts";
export { isContextOverflow } from "./overflow.ts";
export { type SlidingWindowOptions, slidingWindow } from "./sliding-window.ts";
export { SUMMARY_PROMPT, type SummarizingOptions, summarizing } from "./summarizing.ts";

/**
 * @module
 * Agents: `createAgent` builds a ReAct agent over the Converse API; `invoke` and `stream` run it.
 */
export type { Agent, AgentGraph, AgentOptions, RunInput, RunOptions } from "./create-agent.ts";
export { createAgent } from "./create-agent.ts";
export type { RunEstimate } from "./estimate.ts";
export type { AgentEvent, AgentResult, PausedRun } from "./events.ts";
export type { AgentFingerprint } from "./fingerprint.ts";

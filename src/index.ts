/**
 * @module
 * Glassbox: agents on Amazon Bedrock whose ReAct loop you own and can see. This entry holds what an
 * agent author needs: agents, tools, the graph's extension slots, model configuration and features
 * (structured output, context management, files), telemetry, threads and errors. The other areas have their own entries: `glassbox/evals`, `glassbox/kb`,
 * `glassbox/guardrails`, `glassbox/local` and `glassbox/testing`.
 */
export * from "./agent/index.ts";
export * from "./context/index.ts";
export * from "./errors.ts";
export * from "./files/index.ts";
export * from "./graph/index.ts";
export * from "./model/index.ts";
export * from "./output/index.ts";
export * from "./team/index.ts";
export * from "./telemetry/index.ts";
export * from "./threads/index.ts";
export * from "./tools/index.ts";

/**
 * @module
 * Structured output: `createAgent({ output: schema })` makes the final answer a validated, typed
 * `result.output`, through Converse's native JSON schema output or a final tool.
 */
export { type OutputSchemaInput, type OutputSpec, outputSpec } from "./output-spec.ts";
export type { OutputMode } from "./structured-output.ts";
export { StructuredOutputError } from "./structured-output-error.ts";

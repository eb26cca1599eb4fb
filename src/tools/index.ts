/**
 * @module
 * Tools: `defineTool` turns a zod schema and a function into a Converse tool, checked at definition time.
 */
export type {
  ClientToolDefinition,
  Tool,
  ToolContext,
  ToolDefinition,
  ToolExecutor,
} from "./define-tool.ts";
export {
  asClientTool,
  defineClientTool,
  defineTool,
  ToolDefinitionError,
  toToolSpec,
  withApproval,
} from "./define-tool.ts";
export { ToolOutput } from "./tool-output.ts";
export { type ToolResultBlock, ToolResultBlockSchema } from "./tool-result-block.ts";
export { type ToolSource, toolList } from "./tool-source.ts";

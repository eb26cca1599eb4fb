import { type AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { textOf } from "../graph/messages.ts";
import type { ModelCapabilities } from "../model/catalog.ts";
import type { WireTool } from "../model/converse-wire.ts";
import { checkTextOutput, checkValueOutput, correctionText, type OutputCheck } from "./check-output.ts";
import type { OutputSpec } from "./output-spec.ts";

/** How a run gets its structured answer: Converse's native JSON schema output, or a final tool call. */
export type OutputMode = "native" | "tool";

/** Native where the catalogue says the model has it (`outputConfig.textFormat`), else the final tool. */
export function outputModeFor(capabilities: ModelCapabilities): OutputMode {
  return capabilities.structuredOutput ? "native" : "tool";
}

/** The tool a model without native structured output answers through. */
export function finalAnswerTool(spec: OutputSpec): WireTool {
  return {
    toolSpec: {
      name: spec.name,
      description:
        "Give your final answer by calling this tool once, with the answer as its input. Call it only when you have everything you need.",
      inputSchema: { json: spec.jsonSchema },
    },
  };
}

/** What a model turn means for the structured answer. */
export type OutputVerdict<T> =
  /** Not an answer yet: the model asked for ordinary tools. */
  | { kind: "continue" }
  /** A text answer in tool mode: the next call must force the final tool. */
  | { kind: "force_final" }
  | { kind: "checked"; check: OutputCheck<T>; toolCallId?: string };

/** Reads a model turn: its JSON text (native), or its final tool call (tool mode). */
export function readOutput<T>(message: AIMessage, spec: OutputSpec<T>, mode: OutputMode): OutputVerdict<T> {
  const calls = message.tool_calls ?? [];
  const final = calls.find((call) => call.name === spec.name);
  if (mode === "tool" && final)
    return { kind: "checked", check: checkValueOutput(final.args, spec.schema), toolCallId: final.id ?? "" };
  if (calls.length) return { kind: "continue" };
  if (mode === "tool") return { kind: "force_final" };
  return { kind: "checked", check: checkTextOutput(textOf(message), spec.schema) };
}

/** The messages that tell the model its answer was invalid, so it can correct it. */
export function correctionMessages(issues: string[], toolCallId: string | undefined) {
  const text = correctionText(issues);
  return toolCallId
    ? [new ToolMessage({ content: text, tool_call_id: toolCallId, status: "error" })]
    : [new HumanMessage(text)];
}

/** The message asking a tool-mode model to give its answer through the final tool. */
export function finalToolRequest(spec: OutputSpec): HumanMessage {
  return new HumanMessage(`Now give your final answer by calling the ${spec.name} tool.`);
}

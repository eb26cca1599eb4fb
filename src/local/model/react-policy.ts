import { createHash } from "node:crypto";
import type {
  LocalModel,
  LocalModelRequest,
  ModelTurn,
  OutputContentBlock,
  StopReason,
  WireMessage,
  WireToolSpec,
} from "../model-contract.ts";
import { composeAnswer, directAnswer, resultValue, type ToolOutcome } from "./answer.ts";
import { fillArguments, type ObjectSchema } from "./argument-filling.ts";
import { extractiveAnswer, passagesInMessage, passagesInToolValue } from "./rag-answer.ts";
import { splitClauses, stripQuestion } from "./text.ts";
import { countTokens, truncateToTokens } from "./tokens.ts";
import { pickTool, scoreTool } from "./tool-selection.ts";

type Block = Record<string, unknown>;

const textOf = (message: WireMessage | undefined) =>
  (message?.content ?? [])
    .map((block) => (typeof (block as Block).text === "string" ? ((block as Block).text as string) : ""))
    .join(" ")
    .trim();

function toolSpecs(request: LocalModelRequest): WireToolSpec[] {
  return (request.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec ? [tool.toolSpec] : []));
}

/** The tool calls for a question: one per clause a tool fits, duplicates dropped; toolChoice can force one. */
function planCalls(request: LocalModelRequest, question: string, tools: WireToolSpec[]) {
  const calls: Array<{ tool: WireToolSpec; input: Record<string, unknown> }> = [];
  const seen = new Set<string>();
  const add = (tool: WireToolSpec, clause: string) => {
    const input = fillArguments((tool.inputSchema.json ?? {}) as ObjectSchema, clause);
    const key = `${tool.name}:${JSON.stringify(input)}`;
    if (!seen.has(key)) {
      seen.add(key);
      calls.push({ tool, input });
    }
  };
  const choice = request.toolConfig?.toolChoice;
  const forced = choice?.tool ? tools.find((tool) => tool.name === choice.tool?.name) : undefined;
  if (forced) {
    add(forced, question);
    return calls;
  }
  for (const clause of splitClauses(question)) {
    const tool = pickTool(tools, clause);
    if (tool) add(tool, clause);
  }
  const search = searchTool(tools);
  if (!calls.length && search) add(search, stripQuestion(question) || question);
  if (!calls.length && choice?.any && tools.length) {
    const best = [...tools].sort(
      (a, b) => scoreTool(b, question) - scoreTool(a, question),
    )[0] as WireToolSpec;
    add(best, question);
  }
  return calls;
}

/** A tool that searches (its description says so and it takes a `query` string), for questions no other tool fits. */
function searchTool(tools: WireToolSpec[]): WireToolSpec | undefined {
  return tools.find((tool) => {
    const properties = ((tool.inputSchema.json ?? {}) as { properties?: Record<string, { type?: string }> })
      .properties;
    return /\bsearch/i.test(`${tool.name} ${tool.description ?? ""}`) && properties?.query?.type === "string";
  });
}

/** Results of the latest user turn, joined with the calls of the assistant turn before it. */
function toolOutcomes(messages: WireMessage[]): ToolOutcome[] {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  const calls = new Map<string, { name: string; input: Record<string, unknown> }>();
  for (const block of previous?.content ?? []) {
    const use = (block as Block).toolUse as
      | { toolUseId: string; name: string; input: Record<string, unknown> }
      | undefined;
    if (use) calls.set(use.toolUseId, { name: use.name, input: use.input ?? {} });
  }
  return (last?.content ?? []).flatMap((block) => {
    const result = (block as Block).toolResult as
      | { toolUseId: string; content: Array<{ text?: string; json?: unknown }>; status?: "success" | "error" }
      | undefined;
    if (!result) return [];
    const call = calls.get(result.toolUseId);
    return [
      {
        tool: call?.name ?? "tool",
        input: call?.input ?? {},
        status: result.status ?? "success",
        value: resultValue(result.content),
      },
    ];
  });
}

/** The question: the text of the latest user message that is not a tool-result turn. */
function latestQuestion(messages: WireMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user" && textOf(message)) return textOf(message);
  }
  return "";
}

function toolUseId(index: number, position: number, name: string, input: unknown): string {
  return `tooluse_${createHash("sha256")
    .update(`${index}:${position}:${name}:${JSON.stringify(input)}`)
    .digest("hex")
    .slice(0, 22)}`;
}

/** Applies stop sequences and maxTokens to a final answer. */
function limitAnswer(text: string, request: LocalModelRequest): { text: string; stopReason: StopReason } {
  let stopReason: StopReason = "end_turn";
  let out = text;
  for (const stop of request.inferenceConfig?.stopSequences ?? []) {
    const at = out.indexOf(stop);
    if (stop && at >= 0) {
      out = out.slice(0, at).trimEnd();
      stopReason = "stop_sequence";
    }
  }
  const max = request.inferenceConfig?.maxTokens;
  if (max !== undefined && countTokens(out) > max) {
    out = truncateToTokens(out, max);
    stopReason = "max_tokens";
  }
  return { text: out || "…", stopReason };
}

function inputTokens(request: LocalModelRequest): number {
  const parts = [
    ...(request.system ?? []).map((block) => block.text ?? ""),
    ...request.messages.map((message) => JSON.stringify(message.content)),
    JSON.stringify(request.toolConfig?.tools ?? []),
  ];
  return parts.reduce((sum, part) => sum + countTokens(part), 0);
}

/**
 * A deterministic ReAct policy that plays the model's part honestly: it picks tools by matching the
 * question's words against tool names, descriptions and schemas, fills arguments from the JSON Schema,
 * calls several tools at once for multi-part questions, and answers from the tool results.
 */
export function createReactPolicy(options: { modelName?: string } = {}): LocalModel {
  void options;
  return (request) => {
    const tools = toolSpecs(request);
    const messages = request.messages;
    const outcomes = toolOutcomes(messages);
    let content: OutputContentBlock[];
    let stopReason: StopReason;
    const question = latestQuestion(messages);
    const documents = passagesInMessage(messages.at(-1));
    const found = outcomes.flatMap((outcome) => passagesInToolValue(outcome.value));
    if (documents.length || found.length) {
      const answer = limitAnswer(extractiveAnswer(question, documents.length ? documents : found), request);
      content = [{ text: answer.text }];
      stopReason = answer.stopReason;
    } else if (outcomes.length) {
      const answer = limitAnswer(composeAnswer(outcomes), request);
      content = [{ text: answer.text }];
      stopReason = answer.stopReason;
    } else {
      const calls = planCalls(request, question, tools);
      if (calls.length) {
        const names = [...new Set(calls.map((call) => call.tool.name))].join(" and ");
        content = [
          { text: `I'll use ${names} to work this out.` },
          ...calls.map((call, i) => ({
            toolUse: {
              toolUseId: toolUseId(messages.length, i, call.tool.name, call.input),
              name: call.tool.name,
              input: call.input,
            },
          })),
        ];
        stopReason = "tool_use";
      } else {
        const answer = limitAnswer(
          directAnswer(
            question,
            tools.map((tool) => tool.name),
          ),
          request,
        );
        content = [{ text: answer.text }];
        stopReason = answer.stopReason;
      }
    }
    const input = inputTokens(request);
    const output = content.reduce(
      (sum, block) => sum + countTokens("text" in block ? block.text : JSON.stringify(block.toolUse.input)),
      0,
    );
    const turn: ModelTurn = {
      content,
      stopReason,
      usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
    };
    return turn;
  };
}

/** The default policy. */
export const reactPolicy: LocalModel = createReactPolicy();

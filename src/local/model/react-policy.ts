import { createHash } from "node:crypto";
import { CORRECTION_PREFIX } from "../../output/check-output.ts";
import { imageSize, sourceBytes } from "../media.ts";
import type {
  LocalModel,
  LocalModelRequest,
  OutputContentBlock,
  StopReason,
  WireMessage,
  WireToolSpec,
} from "../model-contract.ts";
import { composeAnswer, DISCLOSURE, directAnswer, resultValue, type ToolOutcome } from "./answer.ts";
import { fillArguments, type ObjectSchema } from "./argument-filling.ts";
import { citedAnswer, citedDocuments } from "./document-answer.ts";
import { extractiveAnswer, passagesInMessage, passagesInToolValue, RAG_DISCLOSURE } from "./rag-answer.ts";
import { valueFor } from "./structured-answer.ts";
import { isSummaryRequest, summaryTurn } from "./summary-answer.ts";
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
  return outcomesSince(messages, messages.length - 1);
}

/** Tool results of the user turns from `from` on, each joined with the call that asked for it. */
function outcomesSince(messages: WireMessage[], from: number): ToolOutcome[] {
  const calls = new Map<string, { name: string; input: Record<string, unknown> }>();
  const outcomes: ToolOutcome[] = [];
  messages.forEach((message, index) => {
    for (const block of message.content) {
      const use = (block as Block).toolUse as
        | { toolUseId: string; name: string; input: Record<string, unknown> }
        | undefined;
      if (use) calls.set(use.toolUseId, { name: use.name, input: use.input ?? {} });
      const result = (block as Block).toolResult as
        | {
            toolUseId: string;
            content: Array<{ text?: string; json?: unknown }>;
            status?: "success" | "error";
          }
        | undefined;
      if (!result || index < from) continue;
      const call = calls.get(result.toolUseId);
      outcomes.push({
        tool: call?.name ?? "tool",
        input: call?.input ?? {},
        status: result.status ?? "success",
        value: resultValue(result.content),
      });
    }
  });
  return outcomes;
}

/** A user message that tells the model what to do rather than asks something new. */
function isInstruction(text: string, tools: WireToolSpec[]): boolean {
  if (text.startsWith(CORRECTION_PREFIX)) return true;
  return /\bcall(ing)?\b/i.test(text) && tools.some((tool) => text.includes(tool.name));
}

/** Index of the latest user message that asks a question (not a tool-result turn, not an instruction). */
function questionIndex(messages: WireMessage[], tools: WireToolSpec[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    const text = textOf(message);
    if (message?.role === "user" && text && !isInstruction(text, tools)) return i;
  }
  return -1;
}

/** The tool the latest user message tells the model to call ("call the final_answer tool"). */
function instructedTool(messages: WireMessage[], tools: WireToolSpec[]): WireToolSpec | undefined {
  const last = messages.at(-1);
  const text = last?.role === "user" ? textOf(last) : "";
  if (!text || text.startsWith(CORRECTION_PREFIX) || !/\bcall(ing)?\b/i.test(text)) return undefined;
  return tools.find((tool) => text.includes(tool.name));
}

/** Every tool result since the question, parsed. */
function resultsSince(messages: WireMessage[], from: number): unknown[] {
  return messages.slice(Math.max(0, from)).flatMap((message) =>
    message.content.flatMap((block) => {
      const result = (block as Block).toolResult as
        | { content: Array<{ text?: string; json?: unknown }> }
        | undefined;
      return result ? [resultValue(result.content)] : [];
    }),
  );
}

/** The answer's words without the disclosure line, for filling JSON fields. */
const plainAnswer = (text: string) => text.replace(DISCLOSURE, "").replace(RAG_DISCLOSURE, "").trim();

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
    if (isSummaryRequest(request)) return summaryTurn(request);
    const tools = toolSpecs(request);
    const messages = request.messages;
    const outcomes = toolOutcomes(messages);
    const asked = questionIndex(messages, tools);
    const question = asked >= 0 ? textOf(messages[asked]) : "";
    const results = resultsSince(messages, asked);
    const choice = request.toolConfig?.toolChoice;
    const forced = choice?.tool
      ? tools.find((tool) => tool.name === choice.tool?.name)
      : instructedTool(messages, tools);
    const documents = passagesInMessage(messages.at(-1));
    const cited = citedDocuments(messages.at(-1));
    const found = outcomes.flatMap((outcome) => passagesInToolValue(outcome.value));
    let content: OutputContentBlock[];
    let stopReason: StopReason;
    let reasoning: string;
    let answerText = "";
    const correcting = textOf(messages.at(-1)).startsWith(CORRECTION_PREFIX);
    const earlier = correcting ? outcomesSince(messages, asked) : [];
    if (correcting && earlier.length && !forced) {
      // Asked to correct an answer: answer again from the results already in, without new calls.
      const answer = limitAnswer(composeAnswer(earlier), request);
      content = [{ text: answer.text }];
      stopReason = answer.stopReason;
      answerText = answer.text;
      reasoning = "My answer did not fit the schema: I answer again from the tool results I have.";
    } else if (forced && results.length) {
      // A tool forced after the work is done (a final-answer tool) gets its input from the results.
      const prior = messages
        .slice(asked)
        .flatMap((message) => (message.role === "assistant" ? [textOf(message)] : []));
      const input = valueFor(forced.inputSchema.json, {
        question,
        answer: plainAnswer(prior.at(-1) ?? ""),
        results,
      });
      content = [
        {
          toolUse: { toolUseId: toolUseId(messages.length, 0, forced.name, input), name: forced.name, input },
        },
      ];
      stopReason = "tool_use";
      reasoning = `The tool results are in and ${forced.name} must be called: I fill its input from them.`;
    } else if (cited.length) {
      content = citedAnswer(question, cited);
      stopReason = "end_turn";
      reasoning = `The question is answered from ${new Set(cited.map((passage) => passage.label)).size} attached document(s): I quote the sentences that share the most words with it and cite them.`;
    } else if (documents.length || found.length) {
      const answer = limitAnswer(extractiveAnswer(question, documents.length ? documents : found), request);
      content = [{ text: answer.text }];
      stopReason = answer.stopReason;
      answerText = answer.text;
      reasoning = `There are ${documents.length || found.length} passage(s) to answer from: I quote the sentences that share the most words with the question.`;
    } else if (outcomes.length) {
      const answer = limitAnswer(composeAnswer(outcomes), request);
      content = [{ text: answer.text }];
      stopReason = answer.stopReason;
      answerText = answer.text;
      reasoning = `The results of ${outcomes.map((outcome) => outcome.tool).join(", ")} are in: I state them as the answer.`;
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
        reasoning = `The question is "${question}". Its words fit ${names}: I call ${calls
          .map((call) => `${call.tool.name}(${JSON.stringify(call.input)})`)
          .join(", ")}.`;
      } else {
        const images = imagesIn(messages.at(-1));
        const answer = limitAnswer(
          images
            ? imageAnswer(images)
            : directAnswer(
                question,
                tools.map((tool) => tool.name),
              ),
          request,
        );
        content = [{ text: answer.text }];
        stopReason = answer.stopReason;
        answerText = answer.text;
        reasoning = `No tool fits "${question}", so I say what I can and cannot do.`;
      }
    }
    if (request.outputSchema && stopReason !== "tool_use") {
      const value = valueFor(request.outputSchema, {
        question,
        answer: plainAnswer(answerText || textOfBlocks(content)),
        results,
      });
      content = [{ text: JSON.stringify(value) }];
      stopReason = "end_turn";
      reasoning += " The answer must be JSON for the given schema: I fill its fields from what I found.";
    }
    const input = inputTokens(request);
    const output = content.reduce(
      (sum, block) =>
        sum +
        countTokens(
          "text" in block
            ? block.text
            : "toolUse" in block
              ? JSON.stringify(block.toolUse.input)
              : JSON.stringify(block),
        ),
      0,
    );
    return {
      content,
      stopReason,
      usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
      reasoning,
    };
  };
}

/** The images of a user turn: how many and what they are. */
function imagesIn(message: WireMessage | undefined): string[] | undefined {
  if (message?.role !== "user") return undefined;
  const images = message.content.flatMap((block) => {
    const image = (block as Block).image as { format?: string; source?: unknown } | undefined;
    if (!image) return [];
    const size = imageSize(sourceBytes(image.source) ?? Buffer.alloc(0));
    return [`${image.format ?? "image"}${size ? ` ${size.width}×${size.height}` : ""}`];
  });
  return images.length ? images : undefined;
}

/** What the local model says about images it was sent: what they are, and that it cannot see them. */
function imageAnswer(images: string[]): string {
  return `I received ${images.length} image${images.length === 1 ? "" : "s"} (${images.join(", ")}). I cannot see images: I am Glassbox's local model, deterministic rules, not an LLM.`;
}

const textOfBlocks = (content: OutputContentBlock[]) =>
  content
    .map((block) =>
      "text" in block
        ? block.text
        : "citationsContent" in block
          ? block.citationsContent.content.map((part) => part.text).join("")
          : "",
    )
    .join("");

/** The default policy. */
export const reactPolicy: LocalModel = createReactPolicy();

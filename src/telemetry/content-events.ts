import { type Attributes, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { type AnyValue, type Logger, SeverityNumber } from "@opentelemetry/api-logs";
import type { ReadableSpan, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR, LOG_EVENT, OPERATION } from "./attributes.ts";

/** Span attributes that hold conversation content (set only when content capture is on). */
export const CONTENT_ATTRIBUTES = [
  ATTR.systemInstructions,
  ATTR.inputMessages,
  ATTR.outputMessages,
  ATTR.toolCallArguments,
  ATTR.toolCallResult,
  ATTR.retrievalQuery,
] as const;

/** A GenAI message (`{role, parts}`) with `content`, the text AgentCore Evaluations reads. */
export interface EventMessage {
  role: string;
  content: string;
  parts: unknown[];
  finish_reason?: string;
}

type Part = { type?: string; content?: unknown; result?: unknown; arguments?: unknown; name?: string };

function parse(value: unknown): Array<{ role?: string; parts?: Part[]; finish_reason?: string }> {
  if (typeof value !== "string") return [];
  try {
    const parsed = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** The text of a message's parts: text as is, tool calls and results as JSON. */
function textOf(parts: Part[]): string {
  return parts
    .map((part) => {
      if (part.type === "text" && typeof part.content === "string") return part.content;
      if (part.type === "tool_call") return JSON.stringify({ tool: part.name, arguments: part.arguments });
      if (part.type === "tool_call_response")
        return typeof part.result === "string" ? part.result : JSON.stringify(part.result);
      return "";
    })
    .filter(Boolean)
    .join("\n");
}

function messages(value: unknown, role?: string): EventMessage[] {
  return parse(value).map((message) => {
    const parts = message.parts ?? [];
    return {
      role: role ?? message.role ?? "user",
      content: textOf(parts),
      parts,
      ...(message.finish_reason ? { finish_reason: message.finish_reason } : {}),
    };
  });
}

/**
 * The `{input: {messages}, output: {messages}}` body of a content event for a span, or undefined when the
 * span carries no content. Messages follow the GenAI conventions' message shape (`role`, `parts`) plus
 * `content`, the text that ADOT's split telemetry and AgentCore Evaluations read.
 */
export function contentBody(
  a: Attributes,
): { input?: { messages: EventMessage[] }; output?: { messages: EventMessage[] } } | undefined {
  const input: EventMessage[] = [];
  const output: EventMessage[] = [];
  const system = parse(a[ATTR.systemInstructions]) as Part[];
  if (system.length) input.push({ role: "system", content: textOf(system), parts: system });
  input.push(...messages(a[ATTR.inputMessages]));
  output.push(...messages(a[ATTR.outputMessages], "assistant"));
  if (a[ATTR.toolCallArguments] !== undefined) {
    const args = String(a[ATTR.toolCallArguments]);
    input.push({
      role: "tool",
      content: args,
      parts: [
        { type: "tool_call", id: a[ATTR.toolCallId], name: a[ATTR.toolName], arguments: safeJson(args) },
      ],
    });
  }
  if (a[ATTR.toolCallResult] !== undefined) {
    const result = String(a[ATTR.toolCallResult]);
    output.push({
      role: "tool",
      content: result,
      parts: [{ type: "tool_call_response", id: a[ATTR.toolCallId], result }],
    });
  }
  if (a[ATTR.retrievalQuery] !== undefined) {
    const query = String(a[ATTR.retrievalQuery]);
    input.push({ role: "user", content: query, parts: [{ type: "text", content: query }] });
  }
  if (!input.length && !output.length) return undefined;
  return {
    ...(input.length ? { input: { messages: input } } : {}),
    ...(output.length ? { output: { messages: output } } : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const EVENT_NAMES: Record<string, string> = {
  [OPERATION.chat]: LOG_EVENT.inferenceDetails,
  [OPERATION.invokeAgent]: LOG_EVENT.agentDetails,
  [OPERATION.executeTool]: LOG_EVENT.toolDetails,
};

/**
 * Moves conversation content from spans to log records, the way ADOT splits telemetry for AgentCore:
 * one record per span with content, correlated by trace and span id, carrying the span's `session.id`,
 * operation and model; the span keeps only metadata. Must run before the span exporters' processors.
 */
export class ContentEventsProcessor implements SpanProcessor {
  constructor(private readonly logger: Logger) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const a = span.attributes;
    if (!CONTENT_ATTRIBUTES.some((key) => a[key] !== undefined)) return;
    const body = contentBody(a);
    if (body) {
      const operation = String(a[ATTR.operationName] ?? "");
      const attributes: Record<string, string | number> = {};
      for (const key of [
        ATTR.sessionId,
        ATTR.conversationId,
        ATTR.operationName,
        ATTR.requestModel,
        ATTR.agentName,
        ATTR.toolName,
      ]) {
        const value = a[key];
        if (typeof value === "string" || typeof value === "number") attributes[key] = value;
      }
      this.logger.emit({
        eventName: EVENT_NAMES[operation] ?? `glassbox.${operation || "span"}.details`,
        timestamp: span.endTime,
        severityNumber: SeverityNumber.INFO,
        body: body as unknown as AnyValue,
        attributes,
        context: trace.setSpanContext(ROOT_CONTEXT, span.spanContext()),
      });
    }
    const kept: Attributes = {};
    for (const [key, value] of Object.entries(a)) {
      if (!(CONTENT_ATTRIBUTES as readonly string[]).includes(key)) kept[key] = value;
    }
    // ReadableSpan's attributes are read-only by type; the ended span is ours to trim before export.
    (span as { attributes: Attributes }).attributes = kept;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

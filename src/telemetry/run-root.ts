import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { type AIMessage, type BaseMessage, coerceMessageLikeToMessage } from "@langchain/core/messages";
import { type Context, context as otelContext, type Span, trace } from "@opentelemetry/api";
import { runCost, runUsage, type Step, thoughtCount } from "../graph/state.ts";
import { emptyUsage } from "../model/usage.ts";
import { commonAttributes, endAgentSpan, type SpanScope, startAgentSpan } from "./spans.ts";

interface RootTelemetry {
  tracer: SpanScope["tracer"];
  captureContent: boolean;
}

/** Root contexts of runs in progress, per telemetry, by LangGraph run id and thread id. */
const roots = new WeakMap<object, Map<string, Context>>();

/**
 * The context holding the root span of the run a node belongs to, when that run was started through the
 * graph (the LangGraph server, Studio, `graph.invoke`) rather than `agent.invoke`.
 */
export function rootContextFor(
  telemetry: object,
  configurable: Record<string, unknown> | undefined,
): Context | undefined {
  const open = roots.get(telemetry);
  if (!open?.size || !configurable) return undefined;
  const runId = configurable.run_id;
  const threadId = configurable.thread_id;
  return (
    (typeof runId === "string" ? open.get(runId) : undefined) ??
    (typeof threadId === "string" ? open.get(threadId) : undefined)
  );
}

type Metadata = Record<string, unknown> | undefined;

/**
 * Gives graph runs that `agent.invoke` did not start (LangGraph Studio and its dev server, `graph.invoke`)
 * the same `invoke_agent` root span: started when the graph's root run starts, ended with the run's
 * outcome, usage and cost when it ends. Nodes parent their spans to it through `rootContextFor`.
 */
export class RunRootHandler extends BaseCallbackHandler {
  name = "glassbox-run-root";
  // Run inline, so the root span exists before the first node starts.
  override awaitHandlers = true;
  private readonly open = new Map<string, { span: Span; keys: string[]; input: BaseMessage[] }>();

  constructor(
    private readonly telemetry: RootTelemetry,
    private readonly agentName: string,
    private readonly modelFor: (threadId: string | undefined) => string,
  ) {
    super();
  }

  // LangChain calls (chain, inputs, runId, parentRunId, tags, metadata, runType, runName).
  override handleChainStart(
    _chain: unknown,
    inputs: Record<string, unknown>,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Metadata,
  ): void {
    if (parentRunId) return;
    const threadId = typeof metadata?.thread_id === "string" ? metadata.thread_id : undefined;
    const scope: SpanScope = {
      tracer: this.telemetry.tracer,
      captureContent: this.telemetry.captureContent,
      common: commonAttributes(threadId, undefined),
      parent: otelContext.active(),
    };
    const span = startAgentSpan(scope, this.agentName, this.modelFor(threadId));
    const keys = [runId, metadata?.run_id, threadId].filter((key): key is string => typeof key === "string");
    let open = roots.get(this.telemetry);
    if (!open) {
      open = new Map();
      roots.set(this.telemetry, open);
    }
    const ctx = trace.setSpan(otelContext.active(), span);
    for (const key of keys) open.set(key, ctx);
    this.open.set(runId, { span, keys, input: inputMessages(inputs) });
  }

  override handleChainEnd(outputs: Record<string, unknown>, runId: string, parentRunId?: string): void {
    if (parentRunId) return;
    const entry = this.close(runId);
    if (!entry) return;
    const steps = (Array.isArray(outputs?.steps) ? outputs.steps : []) as Step[];
    const outcome = outputs?.__interrupt__
      ? "interrupted"
      : ((outputs?.outcome as { status?: string } | null | undefined)?.status ?? "answered");
    const messages = Array.isArray(outputs?.messages) ? (outputs.messages as BaseMessage[]) : [];
    const last = messages.at(-1);
    endAgentSpan(
      entry.span,
      {
        outcome,
        usage: runUsage(steps),
        costUsd: runCost(steps),
        steps: thoughtCount(steps),
        content: {
          input: entry.input,
          ...(last && typeof last.getType === "function" && last.getType() === "ai"
            ? { output: last as AIMessage }
            : {}),
        },
      },
      this.telemetry.captureContent,
    );
  }

  override handleChainError(error: unknown, runId: string, parentRunId?: string): void {
    if (parentRunId) return;
    const entry = this.close(runId);
    if (!entry) return;
    const interrupted = (error as { name?: string })?.name === "GraphInterrupt";
    endAgentSpan(entry.span, {
      outcome: interrupted ? "interrupted" : "error",
      usage: emptyUsage(),
      ...(interrupted ? {} : { error }),
    });
  }

  private close(runId: string) {
    const entry = this.open.get(runId);
    if (!entry) return undefined;
    this.open.delete(runId);
    const open = roots.get(this.telemetry);
    for (const key of entry.keys) open?.delete(key);
    return entry;
  }
}

/** The run's new messages, whatever shape the server passed them in. */
function inputMessages(inputs: Record<string, unknown> | undefined): BaseMessage[] {
  const messages = inputs?.messages;
  if (!Array.isArray(messages)) return [];
  try {
    return messages.map((message) => coerceMessageLikeToMessage(message as never));
  } catch {
    return [];
  }
}

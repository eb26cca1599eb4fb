import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { type Tracer, trace } from "@opentelemetry/api";
import { rootContextFor } from "../telemetry/run-root.ts";
import { commonAttributes, type SpanScope } from "../telemetry/spans.ts";
import type { RunContext } from "./state.ts";

/** The tracer and content opt-in a graph was built with. */
export interface GraphTelemetry {
  tracer: Tracer;
  /** Tracer of the non-loop spans (retrieval, guardrails) when the profile gives them their own scope. */
  componentTracer?: Tracer;
  captureContent: boolean;
  /** False when tracing is off (`disabledTelemetry()`). */
  enabled?: boolean;
  /** `agentcore` gives runs without a thread a session id of their own. */
  profile?: "default" | "agentcore";
}

/** What a node knows about the run it is part of. */
export interface RunInfo {
  scope: SpanScope;
  threadId?: string;
  runKey: string;
  requestMetadata?: Record<string, string>;
}

/**
 * Reads the run's identity from a node's config: the thread id (`gen_ai.conversation.id`, `session.id`),
 * the caller's span attributes and request metadata from `context`, and the run's root span when the
 * LangGraph server (not `agent.invoke`) started the run.
 */
export function runScope(telemetry: GraphTelemetry) {
  return (config: LangGraphRunnableConfig): RunInfo => {
    const configurable = config.configurable;
    const threadId = configurable?.thread_id as string | undefined;
    const sessionId = threadId ?? (configurable?.session_id as string | undefined);
    const context = (config.context ?? {}) as RunContext;
    // A run inside another run's span (an agent called as a tool) nests under that span, not the root.
    const parent = trace.getActiveSpan()?.isRecording() ? undefined : rootContextFor(telemetry, configurable);
    return {
      scope: {
        tracer: telemetry.tracer,
        ...(telemetry.componentTracer ? { componentTracer: telemetry.componentTracer } : {}),
        captureContent: telemetry.captureContent,
        common: commonAttributes(threadId, context.attributes, sessionId),
        ...(parent ? { parent } : {}),
      },
      threadId,
      runKey: threadId ?? (config.runId as string | undefined) ?? "",
      requestMetadata: context.requestMetadata,
    };
  };
}

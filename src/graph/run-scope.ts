import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Tracer } from "@opentelemetry/api";
import { commonAttributes, type SpanScope } from "../telemetry/spans.ts";
import type { RunContext } from "./state.ts";

/** The tracer and content opt-in a graph was built with. */
export interface GraphTelemetry {
  tracer: Tracer;
  captureContent: boolean;
}

/** What a node knows about the run it is part of. */
export interface RunInfo {
  scope: SpanScope;
  threadId?: string;
  runKey: string;
  requestMetadata?: Record<string, string>;
}

/**
 * Reads the run's identity from a node's config: the thread id (`gen_ai.conversation.id`), the caller's
 * span attributes and request metadata from `context`.
 */
export function runScope(telemetry: GraphTelemetry) {
  // The direct executor hands every node of a run the same config: its run info is built once.
  const known = new WeakMap<LangGraphRunnableConfig, RunInfo>();
  return (config: LangGraphRunnableConfig): RunInfo => {
    let info = known.get(config);
    if (!info) {
      info = readRunInfo(telemetry, config);
      known.set(config, info);
    }
    return info;
  };
}

function readRunInfo(telemetry: GraphTelemetry, config: LangGraphRunnableConfig): RunInfo {
  const threadId = config.configurable?.thread_id as string | undefined;
  const context = (config.context ?? {}) as RunContext;
  return {
    scope: {
      tracer: telemetry.tracer,
      captureContent: telemetry.captureContent,
      common: commonAttributes(threadId, context.attributes),
    },
    threadId,
    // createAgent gives every run a key (its thread, or a fresh id), so a traffic split picks one
    // model for the whole run; LangGraph does not pass `runId` on to nodes.
    runKey: threadId ?? (config.configurable?.run_key as string | undefined) ?? "",
    requestMetadata: context.requestMetadata,
  };
}

import { describe, expect, it } from "vitest";
import type { AgentResult } from "../../src/agent/index.ts";
import { createStepPrinter } from "../../src/cli/render.ts";
import { runMetrics } from "../../src/telemetry/run-metrics.ts";

const usage = {
  inputTokens: 100,
  outputTokens: 20,
  totalTokens: 120,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
};

describe("step printer", () => {
  it("prints streamed thoughts, actions, observations, retries and the outcome", () => {
    let out = "";
    const printer = createStepPrinter((text) => {
      out += text;
    });
    printer.event({ type: "token", text: "Let me ", step: 1 });
    printer.event({ type: "token", text: "calculate.", step: 1 });
    const thought = {
      kind: "thought" as const,
      step: 1,
      text: "Let me calculate.",
      toolCalls: [],
      stopReason: "tool_use",
      modelId: "m",
      usage,
      latencyMs: 12.3,
      attempts: 2,
    };
    printer.event({ type: "thought", step: thought });
    printer.event({
      type: "action",
      step: { kind: "action", step: 1, toolCallId: "t", tool: "calculator", input: { expression: "1+1" } },
    });
    printer.event({
      type: "observation",
      step: {
        kind: "observation",
        step: 1,
        toolCallId: "t",
        tool: "calculator",
        status: "error",
        content: "Error: x",
        sizeBytes: 8,
        durationMs: 0.5,
      },
    });
    printer.event({ type: "retry", step: 2, attempt: 1, delayMs: 250, errorType: "ThrottlingException" });
    const result: AgentResult = {
      answer: "2",
      outcome: "step_limit",
      outcomeDetail: "stopped after 1 steps",
      steps: [thought],
      usage,
      costUsd: 0.0006,
      latencyMs: 40,
      metrics: runMetrics([]),
      modelId: "m",
      messages: [],
    };
    printer.result(result);
    expect(out).toBe(
      [
        "thought 1  › Let me calculate.",
        "           · tool_use · 12 ms · 100→20 tokens · 2 attempts",
        'action 1   › calculator({"expression":"1+1"})',
        "observe 1  › ✗ Error: x  (0.5 ms, 8 B)",
        "retry      › ThrottlingException; attempt 2 in 250 ms (partial output discarded)",
        "answer     › 2",
        "outcome    › step_limit · 1 step · 100 in / 20 out tokens · $0.000600 at m list prices · 40 ms",
        "           stopped after 1 steps",
        "",
      ].join("\n"),
    );
  });
});

describe("multi-line answers", () => {
  it("keeps streamed thoughts on one line and indents the answer block without trailing spaces", () => {
    let out = "";
    const printer = createStepPrinter((text) => {
      out += text;
    });
    printer.event({ type: "token", text: "42.\n\n(local", step: 1 });
    printer.event({ type: "token", text: " model)", step: 1 });
    printer.result({
      answer: "42.\n\n(local model)",
      outcome: "answered",
      steps: [],
      usage,
      costUsd: 0,
      latencyMs: 1,
      metrics: runMetrics([]),
      modelId: "m",
      messages: [],
    });
    expect(out.split("\n").slice(0, 5)).toEqual([
      "thought 1  › 42. (local model)",
      "answer     › 42.",
      "",
      "           (local model)",
      "outcome    › answered · 0 steps · 100 in / 20 out tokens · $0.000000 at m list prices · 1.0 ms",
    ]);
  });
});

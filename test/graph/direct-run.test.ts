/**
 * The direct executor against LangGraph's on the edges of the contract: the recursion limit, aborts,
 * commands, invalid updates, the config nodes see, and what only LangGraph can run.
 */
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { Command, getConfig, interrupt, Send } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createAgentRunner, type RunConfig } from "../../src/graph/agent-runner.ts";
import type { GraphParts } from "../../src/graph/build.ts";
import { DirectRunError } from "../../src/graph/direct-run.ts";
import type { AgentStateUpdate } from "../../src/graph/state.ts";
import { normalize } from "../helpers/equivalence.ts";

const input = (): AgentStateUpdate => ({ messages: [new HumanMessage("hi")] }) as AgentStateUpdate;
const config = (extra: Partial<RunConfig> = {}): RunConfig => ({
  configurable: { run_key: "k" },
  recursionLimit: 25,
  ...extra,
});

/** A loop that never answers: every thought asks for a tool, every act answers it. */
function loopingParts(calls: string[]): GraphParts {
  let n = 0;
  return {
    think: () => {
      calls.push("think");
      n++;
      return {
        messages: [new AIMessage({ content: "", tool_calls: [{ id: `c${n}`, name: "t", args: {} }] })],
      } as AgentStateUpdate;
    },
    act: async () => {
      calls.push("act");
      return { messages: [new ToolMessage({ content: "ok", tool_call_id: `c${n}` })] } as AgentStateUpdate;
    },
  };
}

/** Runs the same parts on both executors and returns what each did. */
async function both(
  parts: () => GraphParts & { log?: string[] },
  runConfig: () => RunConfig = () => config(),
  extensions: GraphParts["extensions"] = {},
) {
  const out: Record<string, { value?: unknown; error?: { name: string; message: string } }> = {};
  for (const executor of ["auto", "graph"] as const) {
    const runner = createAgentRunner({ ...parts(), extensions }, { name: "t", executor });
    expect(runner.executor).toBe(executor === "auto" ? "direct" : "graph");
    try {
      // Message ids are random uuids (LangGraph's messages reducer gives them): normalize() masks them.
      out[executor] = { value: normalize(await runner.invoke(input(), runConfig())) };
    } catch (error) {
      out[executor] = { error: { name: (error as Error).name, message: (error as Error).message } };
    }
  }
  return out;
}

describe("the direct executor keeps LangGraph's contract", () => {
  it("runs on the executor the test suite asks for", () => {
    const runner = createAgentRunner(loopingParts([]), { name: "t" });
    expect(runner.executor).toBe(process.env.GLASSBOX_EXECUTOR === "graph" ? "graph" : "direct");
  });

  it("stops at the recursion limit after the same number of nodes, with the same error", async () => {
    for (const limit of [1, 2, 3, 6]) {
      const counts: Record<string, string[]> = {};
      const out: Record<string, unknown> = {};
      for (const executor of ["auto", "graph"] as const) {
        const calls: string[] = [];
        const runner = createAgentRunner(loopingParts(calls), { name: "t", executor });
        out[executor] = await runner.invoke(input(), config({ recursionLimit: limit })).catch((error) => ({
          name: error.name,
          message: error.message,
          code: error.lc_error_code,
        }));
        counts[executor] = calls;
      }
      expect(counts.auto).toHaveLength(limit);
      expect(counts.auto).toEqual(counts.graph);
      expect(out.auto).toEqual(out.graph);
      expect(out.auto).toMatchObject({ name: "GraphRecursionError", code: "GRAPH_RECURSION_LIMIT" });
    }
  });

  it("rejects with the abort reason as soon as the run is aborted", async () => {
    const reason = new Error("stop now");
    const out = await both(
      () => ({
        think: () => new Promise(() => {}),
        act: async () => ({}),
      }),
      () => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(reason), 20);
        return config({ signal: controller.signal });
      },
    );
    expect(out.auto).toEqual(out.graph);
    expect(out.auto?.error).toEqual({ name: "Error", message: "stop now" });
  });

  it("follows an extension node's Command and validates every update with the state schema", async () => {
    const answer = () => ({
      think: () =>
        ({ messages: [new AIMessage("done")], outcome: { status: "answered" } }) as AgentStateUpdate,
      act: async () => ({}),
    });
    const ended = await both(answer, undefined, {
      onInput: [
        {
          name: "gate",
          run: () =>
            new Command({
              update: { outcome: { status: "guardrail_intervened", detail: "no" } },
              goto: "__end__",
            }),
        },
      ],
    });
    expect(ended.auto).toEqual(ended.graph);
    expect((ended.auto?.value as { outcome?: unknown } | undefined)?.outcome).toEqual({
      status: "guardrail_intervened",
      detail: "no",
    });

    const invalid = await both(answer, undefined, {
      onAnswer: [{ name: "bad", run: () => ({ outcome: { status: "not-a-status" } }) as never }],
    });
    expect(invalid.auto?.error?.message).toMatch(/Validation failed for field "outcome"/);
    expect(invalid.auto).toEqual(invalid.graph);
  });

  it("gives nodes their config where getConfig reads it, and interrupt() fails the same way without a checkpointer", async () => {
    const seen: unknown[] = [];
    const out = await both(
      () => ({
        think: (_state, nodeConfig) => {
          seen.push([
            nodeConfig.configurable?.thread_id,
            getConfig()?.configurable?.run_key,
            nodeConfig.context,
          ]);
          interrupt("may I?");
          return {};
        },
        act: async () => ({}),
      }),
      () => config({ configurable: { thread_id: "t1", run_key: "t1" }, context: { attributes: { a: 1 } } }),
    );
    expect(seen[0]).toEqual(["t1", "t1", { attributes: { a: 1 } }]);
    expect(seen[1]).toEqual(seen[0]);
    expect(out.auto).toEqual(out.graph);
    expect(out.auto?.error?.message).toMatch(/checkpointer/i);
  });

  it("says which routing needs LangGraph's executor", async () => {
    const runner = createAgentRunner(
      {
        think: () => ({}),
        act: async () => ({}),
        extensions: {
          onInput: [{ name: "fan_out", run: () => new Command({ goto: [new Send("think", {})] }) }],
        },
      },
      { name: "t", executor: "auto" },
    );
    const error = await runner.invoke(input(), config()).catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toMatch(/executor: "graph"/);
    expect(DirectRunError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "EXECUTOR_UNSUPPORTED", kind: "usage" });
  });
});

import { AIMessage } from "@langchain/core/messages";
import { Command, END } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { recursionLimitFor } from "../../src/graph/build.ts";
import type { AgentNode } from "../../src/graph/index.ts";
import { defineTool } from "../../src/tools/index.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

const echo = defineTool({
  name: "echo",
  description: "Echo a word",
  input: z.object({ word: z.string() }),
  run: ({ word }) => word,
});

describe("extension nodes slot into the loop", () => {
  it("runs onInput, beforeAct, afterAct and onAnswer nodes where they belong", async () => {
    const server = await localBedrock({
      script: [{ toolUse: [{ name: "echo", input: { word: "hi" } }] }, { text: "final" }],
    });
    const seen: string[] = [];
    const node = (name: string, run?: AgentNode["run"]): AgentNode => ({
      name,
      run: (state, config) => {
        seen.push(`${name}:${state.messages.at(-1)?.getType()}`);
        return run ? run(state, config) : {};
      },
    });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      tools: [echo],
      extensions: {
        onInput: [node("input_check")],
        beforeAct: [node("args_check")],
        afterAct: [node("result_check")],
        onAnswer: [
          node("answer_check", () => ({
            messages: [new AIMessage({ content: "final (checked)", id: "x" })],
          })),
        ],
      },
    });
    const result = await agent.invoke("go");
    expect(seen).toEqual(["input_check:human", "args_check:ai", "result_check:tool", "answer_check:ai"]);
    expect(result.answer).toBe("final (checked)");
  });

  it("lets a node end the run with an outcome before the model is called", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      extensions: {
        onInput: [
          {
            name: "input_guard",
            run: () => ({ outcome: { status: "guardrail_intervened", detail: "blocked by input_guard" } }),
          },
        ],
      },
    });
    const result = await agent.invoke("something bad");
    expect(result.outcome).toBe("guardrail_intervened");
    expect(result.outcomeDetail).toBe("blocked by input_guard");
    expect(converseBodies(server, "Converse")).toHaveLength(0);
  });

  it("declares every route, so Studio draws the loop and each early exit", async () => {
    const run = () => ({});
    const agent = createAgent({
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      extensions: { onInput: [{ name: "guard_in", run }], onAnswer: [{ name: "guard_out", run }] },
    });
    const drawn = await agent.graph.getGraphAsync();
    const edges = drawn.edges.map((edge) => `${edge.source}->${edge.target}`);
    expect(edges.sort()).toEqual(
      [
        "__start__->guard_in",
        "guard_in->think",
        "guard_in->__end__",
        "think->act",
        "think->guard_out",
        "think->__end__",
        "act->think",
        "guard_out->__end__",
      ].sort(),
    );
  });

  it("passes a Command returned by an extension node through unchanged", async () => {
    const server = await localBedrock({ script: [{ text: "never asked" }] });
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      extensions: {
        onInput: [
          {
            name: "short_circuit",
            run: () =>
              new Command({
                update: { messages: [new AIMessage({ content: "handled before the model", id: "c" })] },
                goto: END,
              }),
          },
        ],
      },
    });
    const result = await agent.invoke("hello");
    expect(result.answer).toBe("handled before the model");
    expect(converseBodies(server, "Converse")).toHaveLength(0);
  });

  it("rejects reserved or repeated node names", () => {
    const run = () => ({});
    expect(() => createAgent({ extensions: { onInput: [{ name: "think", run }] } })).toThrow(/reserved/);
    expect(() =>
      createAgent({ extensions: { onInput: [{ name: "x", run }], onAnswer: [{ name: "x", run }] } }),
    ).toThrow(/used twice/);
  });

  it("sizes the recursion limit so the step limit, not LangGraph, ends long runs", () => {
    expect(recursionLimitFor(10)).toBe(2 * 11 + 2);
    expect(recursionLimitFor(10, { beforeAct: [{ name: "a", run: () => ({}) }] })).toBe(3 * 11 + 2);
  });
});

describe("retrieved sources", () => {
  it("belong to one run: a thread's next run starts with none", async () => {
    const { MemorySaver } = await import("@langchain/langgraph");
    const server = await localBedrock({ script: [{ text: "one" }, { text: "two" }] });
    let calls = 0;
    const agent = createAgent({
      model: localModel(server, { streaming: false }),
      checkpointer: new MemorySaver(),
      extensions: {
        onInput: [
          {
            name: "retrieve",
            run: (state) => {
              calls++;
              expect(state.sources).toEqual([]);
              return { sources: [{ id: `doc-${calls}`, text: `passage ${calls}` }] };
            },
          },
        ],
      },
    });
    await agent.invoke("first", { threadId: "t-sources" });
    await agent.invoke("second", { threadId: "t-sources" });
    const state = await agent.graph.getState({ configurable: { thread_id: "t-sources" } });
    expect(state.values.sources).toEqual([{ id: "doc-2", text: "passage 2" }]);
    expect(state.values.messages).toHaveLength(4);
  });
});

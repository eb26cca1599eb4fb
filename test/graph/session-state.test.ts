import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent } from "../../src/agent/index.ts";
import { ConfigError } from "../../src/errors.ts";
import { withPromptSessionAttributes } from "../../src/graph/session-state.ts";
import { createCheckpointer } from "../../src/threads/index.ts";
import { defineTool, type ToolContext } from "../../src/tools/index.ts";
import { localBedrock, localModel, systemPrompts } from "../helpers/local-bedrock.ts";
import { observations } from "../helpers/steps.ts";

/** A tool that reports the session it sees and replaces what its input says. */
function sessionTool(seen: Array<ToolContext["session"]>) {
  return defineTool({
    name: "remember",
    description: "Remember a preference for this session",
    input: z.object({ key: z.string(), value: z.unknown(), prompt: z.boolean().optional() }),
    run: ({ key, value, prompt }, { session }) => {
      seen.push(session && { ...session, sessionAttributes: session.sessionAttributes });
      const current = prompt ? session?.promptSessionAttributes : session?.sessionAttributes;
      session?.update({
        [prompt ? "promptSessionAttributes" : "sessionAttributes"]: { ...current, [key]: value },
      });
      return "remembered";
    },
  });
}

describe("session state", () => {
  it("seeds tools from sessionState, keeps session attributes across turns, and starts prompt attributes over", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "remember", input: { key: "language", value: "de" } }] },
        { toolUse: [{ name: "remember", input: { key: "tone", value: "calm <formal>", prompt: true } }] },
        { text: "Noted." },
        { toolUse: [{ name: "remember", input: { key: "unit", value: "km" } }] },
        { text: "Noted again." },
      ],
    });
    const seen: Array<ToolContext["session"]> = [];
    const checkpointer = await createCheckpointer("memory");
    const agent = createAgent({
      model: localModel(server),
      tools: [sessionTool(seen)],
      systemPrompt: "Be helpful.\n$prompt_session_attributes$",
      checkpointer: checkpointer.saver,
    });
    const first = await agent.invoke("Remember that I speak German", {
      threadId: "t-session",
      sessionState: {
        sessionAttributes: { customerId: "C-42" },
        promptSessionAttributes: { today: "Tuesday" },
      },
    });
    expect(seen[0]).toMatchObject({
      sessionAttributes: { customerId: "C-42" },
      promptSessionAttributes: { today: "Tuesday" },
      inputText: "Remember that I speak German",
    });
    // The second call of the run sees what the first replaced.
    expect(seen[1]?.sessionAttributes).toEqual({ customerId: "C-42", language: "de" });
    expect(first.sessionState).toEqual({
      sessionAttributes: { customerId: "C-42", language: "de" },
      promptSessionAttributes: { today: "Tuesday", tone: "calm <formal>" },
    });
    expect(systemPrompts(server)).toEqual([
      "Be helpful.\n<today>Tuesday</today>",
      "Be helpful.\n<today>Tuesday</today>",
      "Be helpful.\n<today>Tuesday</today>\n<tone>calm &lt;formal&gt;</tone>",
    ]);

    const second = await agent.invoke("And I use kilometres", { threadId: "t-session" });
    expect(seen[2]).toMatchObject({
      sessionAttributes: { customerId: "C-42", language: "de" },
      promptSessionAttributes: {},
      inputText: "And I use kilometres",
    });
    expect(second.sessionState).toEqual({
      sessionAttributes: { customerId: "C-42", language: "de", unit: "km" },
      promptSessionAttributes: {},
    });
    // sessionAttributes given with a run replace the thread's.
    server.setScript([{ text: "Fresh start." }]);
    const third = await agent.invoke("Start over", {
      threadId: "t-session",
      sessionState: { sessionAttributes: {} },
    });
    expect(third.sessionState?.sessionAttributes).toEqual({});
  });

  it("runs without a thread too, and an invalid update is an error observation naming the field", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "remember", input: { key: "count", value: 3 } }] },
        { text: "Could not." },
      ],
    });
    const seen: Array<ToolContext["session"]> = [];
    const agent = createAgent({ model: localModel(server), tools: [sessionTool(seen)] });
    const result = await agent.invoke("Count to three", { sessionState: { sessionAttributes: { a: "1" } } });
    expect(seen[0]?.sessionAttributes).toEqual({ a: "1" });
    expect(observations(result.steps)[0]).toMatchObject({ status: "error" });
    expect(observations(result.steps)[0]?.content).toMatch(
      /session\.update\.sessionAttributes\.count: .*string/,
    );
    expect(result.sessionState?.sessionAttributes).toEqual({ a: "1" });
  });

  it("refuses a sessionState that is not string attributes, or that comes with a resume", async () => {
    const server = await localBedrock({ script: [{ text: "unused" }] });
    const checkpointer = await createCheckpointer("memory");
    const agent = createAgent({ model: localModel(server), checkpointer: checkpointer.saver });
    await expect(
      agent.invoke("Hi", { sessionState: { sessionAttributes: { n: 1 as unknown as string } } }),
    ).rejects.toThrow(/sessionState\.sessionAttributes\.n: .*string/);
    await expect(
      agent.invoke(null, { threadId: "t-x", sessionState: { promptSessionAttributes: {} } }),
    ).rejects.toThrow(ConfigError);
  });

  it("renders $prompt_session_attributes$ only where the prompt has it", () => {
    expect(withPromptSessionAttributes("No placeholder.", { a: "1" })).toBe("No placeholder.");
    expect(withPromptSessionAttributes(undefined, { a: "1" })).toBeUndefined();
    expect(
      withPromptSessionAttributes("A $prompt_session_attributes$ B $prompt_session_attributes$", { x: "$&" }),
    ).toBe("A <x>$&amp;</x> B <x>$&amp;</x>");
  });
});

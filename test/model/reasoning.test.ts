import { spawn } from "node:child_process";
import { join } from "node:path";
import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { AIMessage } from "@langchain/core/messages";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent, createCheckpointer, setupTelemetry, withApproval } from "../../src/index.ts";
import { FEATURE_ATTR } from "../../src/telemetry/model-feature-spans.ts";
import { builtinTools } from "../../tools/index.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { converseBodies, localBedrock, localModel } from "../helpers/local-bedrock.ts";

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const FIXTURE = join(import.meta.dirname, "fixtures/thinking-run.ts");
const TSX = join(import.meta.dirname, "../../node_modules/.bin/tsx");
const thinking = { reasoning: { budgetTokens: 2048 } };

type Body = {
  additionalModelRequestFields?: { thinking?: { budget_tokens: number } };
  inferenceConfig?: { maxTokens?: number };
  toolConfig?: { toolChoice?: unknown };
  messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
};

function runFixture(
  db: string,
  url: string,
  threads: string[],
): Promise<Array<{ threadId: string; outcome: string; call: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [FIXTURE, db, url, ...threads], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(
            stdout
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line)),
          )
        : reject(new Error(`the first process failed (${code}): ${stderr}`)),
    );
  });
}

const sdk = (url: string) =>
  new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });

describe("extended thinking (real SDK, local Bedrock)", () => {
  it("streams reasoning as its own events and keeps it on the thought step and the span", async () => {
    const server = await localBedrock();
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }], captureContent: true });
    const agent = createAgent({ model: localModel(server, thinking), tools: builtinTools, telemetry });
    const events = [];
    for await (const event of agent.stream("What is 17% of 2,340 plus 12?")) events.push(event);
    const kinds = events.map((event) => event.type);
    expect(kinds.indexOf("reasoning")).toBeLessThan(kinds.indexOf("token"));
    const reasoning = events
      .flatMap((event) => (event.type === "reasoning" && event.step === 1 ? [event.text] : []))
      .join("");
    expect(reasoning).toContain('calculator({"expression":"17% of 2,340 plus 12"})');
    const done = events.at(-1);
    const thought = done?.type === "done" ? done.result.steps[0] : undefined;
    expect(thought?.kind === "thought" && thought.reasoning).toBe(reasoning);
    const [body] = converseBodies(server, "ConverseStream") as Body[];
    expect(body?.additionalModelRequestFields?.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(body?.inferenceConfig?.maxTokens).toBeGreaterThan(2048);
    const chat = telemetry.memory?.getFinishedSpans().find((span) => span.name.startsWith("chat "));
    expect(chat?.attributes[FEATURE_ATTR.reasoningContent]).toBe(reasoning);
    expect(String(chat?.attributes["gen_ai.output.messages"])).toContain('"type":"reasoning"');
    await telemetry.shutdown();
  });

  it("keeps signed reasoning through a SQLite checkpointer, reloads it in a new process and continues; a tampered signature is refused", {
    timeout: 60_000,
  }, async () => {
    const server = await localBedrock();
    const db = join(tempDir(), "threads.db");
    const paused = await runFixture(db, server.url, ["intact", "tampered"]);
    expect(paused.map((run) => run.outcome)).toEqual(["interrupted", "interrupted"]);

    // This process never saw those runs: everything comes from the SQLite file.
    const checkpointer = await createCheckpointer(`sqlite:${db}`);
    const agent = createAgent({
      model: localModel(server, thinking),
      tools: builtinTools.map((tool) => (tool.name === "calculator" ? withApproval(tool) : tool)),
      checkpointer: checkpointer.saver,
    });
    try {
      const stored = (
        await agent.graph.getState({ configurable: { thread_id: "intact" } })
      ).values.messages.at(-1) as AIMessage;
      const block = (stored.content as Array<Record<string, unknown>>)[0];
      expect(block).toMatchObject({
        type: "reasoning",
        signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      });

      const intact = paused[0] as { call: string };
      const result = await agent.invoke(
        { resume: { decisions: { [intact.call]: { type: "approve" } } } },
        { threadId: "intact" },
      );
      expect(result.outcome).toBe("answered");
      expect(result.answer).toContain("409.8");
      const replay = (converseBodies(server, "ConverseStream") as Body[]).at(-1);
      const sent = replay?.messages.at(-2)?.content[0] as {
        reasoningContent?: { reasoningText?: { text: string; signature: string } };
      };
      expect(sent.reasoningContent?.reasoningText).toEqual({
        text: block?.reasoning,
        signature: block?.signature,
      });

      // Alter the reasoning text of the paused turn (same id: the thread's message is replaced).
      const tampered = (
        await agent.graph.getState({ configurable: { thread_id: "tampered" } })
      ).values.messages.at(-1) as AIMessage;
      const blocks = structuredClone(tampered.content) as Array<Record<string, unknown>>;
      (blocks[0] as { reasoning: string }).reasoning += " (edited)";
      await agent.graph.updateState(
        { configurable: { thread_id: "tampered" } },
        {
          messages: [
            new AIMessage({ id: tampered.id, content: blocks as never, tool_calls: tampered.tool_calls }),
          ],
        },
        "think",
      );
      // The edit is applied as the model's turn, so the run pauses for approval again before the tools.
      const again = await agent.invoke(null, { threadId: "tampered" });
      expect(again.outcome).toBe("interrupted");
      const call = (paused[1] as { call: string }).call;
      await expect(
        agent.invoke({ resume: { decisions: { [call]: { type: "approve" } } } }, { threadId: "tampered" }),
      ).rejects.toMatchObject({
        message: expect.stringContaining("blocks in the latest assistant message cannot be modified"),
      });
    } finally {
      await checkpointer.close();
    }
  });

  it("leaves thinking out of a call that forces a tool, as Bedrock requires", async () => {
    const server = await localBedrock();
    const agent = createAgent({
      model: localModel(server, {
        modelId: "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        streaming: false,
        ...thinking,
      }),
      tools: builtinTools,
      output: z.object({ result: z.number(), explanation: z.string() }),
    });
    const result = await agent.invoke("What is 6 times 7?");
    expect(result.output?.result).toBe(42);
    const bodies = converseBodies(server, "Converse") as Body[];
    const forced = bodies.filter((body) => body.toolConfig?.toolChoice);
    expect(forced.length).toBeGreaterThan(0);
    for (const body of forced) expect(body.additionalModelRequestFields?.thinking).toBeUndefined();
    expect(bodies[0]?.additionalModelRequestFields?.thinking).toBeDefined();
  });

  it("takes an effort level on Nova 2 and refuses settings Bedrock refuses, when the agent is built", async () => {
    const server = await localBedrock();
    const nova = createAgent({
      model: localModel(server, {
        modelId: "us.amazon.nova-2-lite-v1:0",
        streaming: false,
        reasoning: { effort: "low" },
      }),
    });
    const result = await nova.invoke("Hello");
    expect(result.steps[0]?.kind === "thought" && result.steps[0].reasoning).toBe("[REDACTED]");
    const [body] = converseBodies(server, "Converse") as Array<{ additionalModelRequestFields?: unknown }>;
    expect(body?.additionalModelRequestFields).toEqual({
      reasoningConfig: { type: "enabled", maxReasoningEffort: "low" },
    });
    const build = (model: Record<string, unknown>) => () => createAgent({ model: localModel(server, model) });
    expect(build({ reasoning: { budgetTokens: 512 } })).toThrow(/minimum thinking budget is 1024/);
    expect(build({ reasoning: { budgetTokens: 2048 }, inferenceConfig: { temperature: 0.2 } })).toThrow(
      /temperature: thinking allows only 1/,
    );
    expect(build({ reasoning: { budgetTokens: 2048 }, inferenceConfig: { maxTokens: 1500 } })).toThrow(
      /must be greater than model.reasoning.budgetTokens/,
    );
    expect(build({ reasoning: { effort: "high" } })).toThrow(/takes a thinking budget/);
    expect(build({ modelId: "us.amazon.nova-2-lite-v1:0", reasoning: { budgetTokens: 2048 } })).toThrow(
      /reasons by effort/,
    );
    expect(
      build({ modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0", reasoning: { budgetTokens: 2048 } }),
    ).toThrow(/no extended thinking/);
  });
});

describe("the local Bedrock's reasoning rules", () => {
  const question: Message = { role: "user", content: [{ text: "What is 6 times 7?" }] };
  const tools = {
    tools: [
      {
        toolSpec: {
          name: "calculator",
          description: "arithmetic",
          inputSchema: {
            json: {
              type: "object",
              properties: { expression: { type: "string" } },
              required: ["expression"],
            },
          },
        },
      },
    ],
  };
  const withThinking = (
    messages: Message[],
    extra: Partial<ConverseCommandInput> = {},
  ): ConverseCommandInput => ({
    modelId: SONNET,
    messages,
    toolConfig: tools,
    inferenceConfig: { maxTokens: 4096 },
    additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
    ...extra,
  });
  async function firstTurn(url: string) {
    const response = await sdk(url).send(new ConverseCommand(withThinking([question])));
    const content = response.output?.message?.content ?? [];
    const use = content.find((block) => block.toolUse)?.toolUse;
    const result: Message = {
      role: "user",
      content: [{ toolResult: { toolUseId: use?.toolUseId ?? "", content: [{ text: '{"result":42}' }] } }],
    };
    return { content, result };
  }

  it("signs reasoning blocks and accepts them back unchanged", async () => {
    const server = await localBedrock();
    const { content, result } = await firstTurn(server.url);
    expect(content[0]?.reasoningContent?.reasoningText?.signature).toBeTruthy();
    const next = await sdk(server.url).send(
      new ConverseCommand(withThinking([question, { role: "assistant", content }, result])),
    );
    expect(next.stopReason).toBe("end_turn");
  });

  it.each([
    [
      "reordered blocks",
      (content: ContentBlock[]) => [...content.slice(1), content[0] as ContentBlock],
      "but found `text`",
    ],
    [
      "a duplicated block out of its place",
      (content: ContentBlock[]) => [
        content[0] as ContentBlock,
        content[0] as ContentBlock,
        ...content.slice(1),
      ],
      "cannot be modified",
    ],
    [
      "a missing signature",
      (content: ContentBlock[]) => [
        {
          reasoningContent: {
            reasoningText: { text: content[0]?.reasoningContent?.reasoningText?.text ?? "" },
          },
        },
        ...content.slice(1),
      ],
      "thinking.signature: Field required",
    ],
    [
      "dropped reasoning",
      (content: ContentBlock[]) => content.slice(1),
      "a final `assistant` message must start with a thinking block",
    ],
  ])("refuses a replay with %s", async (_name, alter, message) => {
    const server = await localBedrock();
    const { content, result } = await firstTurn(server.url);
    const assistant: Message = { role: "assistant", content: alter(content as ContentBlock[]) };
    await expect(
      sdk(server.url).send(new ConverseCommand(withThinking([question, assistant, result]))),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining(message),
    });
  });

  it.each([
    [
      "a budget under 1024",
      { additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 512 } } },
      "greater than or equal to 1024",
    ],
    [
      "maxTokens not above the budget",
      { inferenceConfig: { maxTokens: 1024 } },
      "`max_tokens` must be greater than `thinking.budget_tokens`",
    ],
    [
      "a temperature",
      { inferenceConfig: { maxTokens: 4096, temperature: 0.3 } },
      "`temperature` may only be set to 1",
    ],
    [
      "a forced tool",
      { toolConfig: { ...tools, toolChoice: { any: {} } } },
      "Thinking may not be enabled when tool_choice forces tool use.",
    ],
  ])("refuses %s", async (_name, extra, message) => {
    const server = await localBedrock();
    await expect(
      sdk(server.url).send(
        new ConverseCommand(withThinking([question], extra as Partial<ConverseCommandInput>)),
      ),
    ).rejects.toMatchObject({
      message: expect.stringContaining(message),
    });
  });
});

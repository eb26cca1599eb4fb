import { describe, expect, it } from "vitest";
import { createReactPolicy, type LocalModelRequest } from "../../../src/local/index.ts";
import { splitClauses } from "../../../src/local/model/text.ts";
import { estimateSubwordTokens, truncateToTokens } from "../../../src/local/model/tokens.ts";
import { toToolSpec } from "../../../src/tools/index.ts";
import { builtinTools } from "../../../tools/index.ts";

const policy = createReactPolicy();
const toolConfig = { tools: builtinTools.map(toToolSpec) };

const ask = (text: string, extra: Partial<LocalModelRequest> = {}): LocalModelRequest => ({
  modelId: "m",
  messages: [{ role: "user", content: [{ text }] }],
  toolConfig,
  ...extra,
});

function calls(text: string) {
  const turn = policy(ask(text));
  expect(turn.stopReason).toBe("tool_use");
  return turn.content.flatMap((block) =>
    "toolUse" in block ? [{ name: block.toolUse.name, input: block.toolUse.input }] : [],
  );
}

describe("the local model's ReAct policy", () => {
  it.each([
    ["What is 17% of 2,340 plus 12?", "calculator", { expression: "17% of 2,340 plus 12" }],
    ["What is 6 times 7?", "calculator", { expression: "6 times 7" }],
    ["What date is 90 days after 2026-03-15?", "date_add", { date: "2026-03-15", amount: 90, unit: "days" }],
    [
      "What was the date 3 weeks before 2026-01-10?",
      "date_add",
      { date: "2026-01-10", amount: -3, unit: "weeks" },
    ],
    [
      "How many days are there between 2026-01-01 and 2026-12-25?",
      "date_diff",
      { from: "2026-01-01", to: "2026-12-25", unit: "days" },
    ],
    ["What day of the week is 2026-12-25?", "day_of_week", { date: "2026-12-25" }],
    ["Convert 5 miles to kilometers", "convert_units", { value: 5, from: "miles", to: "kilometers" }],
    ["Convert 100 fahrenheit to celsius", "convert_units", { value: 100, from: "fahrenheit", to: "celsius" }],
    ["Convert 3 GiB to MB", "convert_units", { value: 3, from: "GiB", to: "MB" }],
    // the unit asked for is the target, wherever it stands; two-letter units count next to a number
    ["How many kg is 12 lb?", "convert_units", { value: 12, from: "lb", to: "kg" }],
    ["How much is 3 km in miles?", "convert_units", { value: 3, from: "km", to: "miles" }],
  ])("%s → %s", (question, tool, input) => {
    expect(calls(question)).toEqual([{ name: tool, input }]);
  });

  it("calls several tools in one turn for a question with several parts", () => {
    expect(calls("What is 2+2 and what day of the week is 2026-07-04?")).toEqual([
      { name: "calculator", input: { expression: "2+2" } },
      { name: "day_of_week", input: { date: "2026-07-04" } },
    ]);
  });

  it("answers from the tool results, keeping their values, and says it is not an LLM", () => {
    const first = policy(ask("What is 17% of 2,340 plus 12?"));
    const use = first.content.find((block) => "toolUse" in block);
    if (!use || !("toolUse" in use)) throw new Error("expected a tool call");
    const turn = policy(
      ask("", {
        messages: [
          { role: "user", content: [{ text: "What is 17% of 2,340 plus 12?" }] },
          { role: "assistant", content: first.content },
          {
            role: "user",
            content: [
              {
                toolResult: {
                  toolUseId: use.toolUse.toolUseId,
                  content: [{ text: '{"expression":"17% of 2,340 plus 12","result":409.8}' }],
                },
              },
            ],
          },
        ],
      }),
    );
    expect(turn.stopReason).toBe("end_turn");
    const text = (turn.content[0] as { text: string }).text;
    expect(text).toContain("17% of 2,340 plus 12 = 409.8.");
    expect(text).toContain("not an LLM");
  });

  it("says which tool failed when a result is an error", () => {
    const turn = policy(
      ask("", {
        messages: [
          { role: "user", content: [{ text: "What is 1/0?" }] },
          {
            role: "assistant",
            content: [{ toolUse: { toolUseId: "t1", name: "calculator", input: { expression: "1/0" } } }],
          },
          {
            role: "user",
            content: [
              {
                toolResult: {
                  toolUseId: "t1",
                  status: "error",
                  content: [{ text: "Error: division by zero" }],
                },
              },
            ],
          },
        ],
      }),
    );
    expect((turn.content[0] as { text: string }).text).toMatch(
      /^The calculator tool failed: division by zero/,
    );
  });

  it("answers directly and honestly when no tool fits", () => {
    const turn = policy(ask("Who wrote Hamlet?"));
    expect(turn.stopReason).toBe("end_turn");
    const text = (turn.content[0] as { text: string }).text;
    expect(text).toMatch(/not an LLM/);
    expect(text).toContain("calculator");
    expect((policy(ask("hello", { toolConfig: undefined })).content[0] as { text: string }).text).toMatch(
      /^Hello\. I am Glassbox's local model/,
    );
  });

  it("follows toolChoice: a named tool is forced, any forces the best one", () => {
    const forced = policy(
      ask("What is 2+2?", { toolConfig: { ...toolConfig, toolChoice: { tool: { name: "day_of_week" } } } }),
    );
    expect(forced.content.some((block) => "toolUse" in block && block.toolUse.name === "day_of_week")).toBe(
      true,
    );
    const any = policy(ask("Who wrote Hamlet?", { toolConfig: { ...toolConfig, toolChoice: { any: {} } } }));
    expect(any.stopReason).toBe("tool_use");
  });

  it("honours stop sequences and maxTokens on answers", () => {
    const stopped = policy(ask("Who wrote Hamlet?", { inferenceConfig: { stopSequences: ["None"] } }));
    expect(stopped.stopReason).toBe("stop_sequence");
    expect((stopped.content[0] as { text: string }).text).toBe("I can't answer that.");
    const short = policy(ask("Who wrote Hamlet?", { inferenceConfig: { maxTokens: 3 } }));
    expect(short.stopReason).toBe("max_tokens");
    expect(short.usage.outputTokens).toBeLessThanOrEqual(3);
  });

  it("is deterministic and counts usage", () => {
    const a = policy(ask("What is 2+2?"));
    expect(policy(ask("What is 2+2?"))).toEqual(a);
    expect(a.usage.inputTokens).toBeGreaterThan(100);
    expect(a.usage.totalTokens).toBe(a.usage.inputTokens + a.usage.outputTokens);
  });

  it("gives tool calls ids unique across the turns of a conversation", () => {
    const first = calls("What is 2+2 and what is 3+3?");
    expect(first).toHaveLength(2);
    const ids = (text: string, history = 0) =>
      policy(
        ask(text, {
          messages: [
            ...Array.from({ length: history }, (_, i) => ({
              role: (i % 2 ? "assistant" : "user") as "user" | "assistant",
              content: [{ text: `m${i}` }],
            })),
            { role: "user", content: [{ text }] },
          ],
        }),
      ).content.flatMap((block) => ("toolUse" in block ? [block.toolUse.toolUseId] : []));
    expect(new Set([...ids("What is 2+2?"), ...ids("What is 2+2?", 2)]).size).toBe(2);
  });
});

describe("policy text helpers", () => {
  it("splits clauses on a new question after 'and', not inside 'between A and B'", () => {
    expect(splitClauses("What is 2+2 and what day is 2026-07-04?")).toEqual([
      "What is 2+2",
      "what day is 2026-07-04?",
    ]);
    expect(splitClauses("How many days between 2026-01-01 and 2026-12-25?")).toHaveLength(1);
  });

  it("counts tokens deterministically and truncates to a budget", () => {
    expect(estimateSubwordTokens("Hello, world 42!")).toBe(5);
    // punctuation runs and long numbers merge, as in subword tokenizers: {" a ":{" b ": 1234 }}
    expect(estimateSubwordTokens('{"a":{"b":1234}}')).toBe(9);
    expect(estimateSubwordTokens(truncateToTokens("one two three four", 2))).toBe(2);
  });
});

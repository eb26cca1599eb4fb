import { describe, expect, it } from "vitest";
import { createReactPolicy, type LocalModelRequest } from "../../../src/local/index.ts";
import { isDelegation } from "../../../src/local/model/tool-selection.ts";

const policy = createReactPolicy();
const spec = (name: string, description: string, properties: Record<string, unknown>) => ({
  toolSpec: {
    name,
    description,
    inputSchema: { json: { type: "object", properties, required: Object.keys(properties) } },
  },
});
const ask = (text: string, tools: ReturnType<typeof spec>[]): LocalModelRequest => ({
  modelId: "m",
  messages: [{ role: "user", content: [{ text }] }],
  toolConfig: { tools },
});
const called = (request: LocalModelRequest) =>
  policy(request).content.flatMap((block) => ("toolUse" in block ? [block.toolUse.name] : []));

const AGENTS = [
  spec("ask_policies", "Answers questions about the vacation, sick leave and travel policies", {
    input: { type: "string" },
  }),
  spec("ask_calculator", "Works out arithmetic and percentages", { input: { type: "string" } }),
];

describe("the local policy with delegation tools", () => {
  it("recognises handoffs and agents as tools by their shape", () => {
    expect(isDelegation(spec("transfer_to_x", "x", {}).toolSpec)).toBe(true);
    expect(isDelegation(AGENTS[0]?.toolSpec as never)).toBe(true);
    expect(isDelegation(spec("lookup", "y", { query: { type: "string" } }).toolSpec)).toBe(false);
  });

  it("routes by one shared word of the description, and both parts of a two-part question at once", () => {
    expect(called(ask("When does vacation carry over?", AGENTS))).toEqual(["ask_policies"]);
    expect(called(ask("What is 6 times 7?", AGENTS))).toEqual(["ask_calculator"]);
    expect(called(ask("What is the sick leave rule and what is 6 times 7?", AGENTS))).toEqual([
      "ask_policies",
      "ask_calculator",
    ]);
    // A function tool still needs two shared words: one is not enough to call it.
    const lookup = spec("find_record", "Finds an invoice", { id: { type: "string" } });
    expect(called(ask("Where is my invoice?", [lookup]))).toEqual([]);
  });

  it("chooses the handoff whose description fits, and says it cannot help when none does", () => {
    const handoffs = [
      spec("transfer_to_billing", "Billing: invoices, refunds and payments", {}),
      spec("transfer_to_support", "Technical support: outages and errors", {}),
    ];
    expect(called(ask("I need a refund", handoffs))).toEqual(["transfer_to_billing"]);
    expect(called(ask("The site shows errors", handoffs))).toEqual(["transfer_to_support"]);
    const none = policy(ask("Tell me a joke", handoffs));
    expect(none.stopReason).toBe("end_turn");
    expect(JSON.stringify(none.content)).toMatch(/not an LLM/);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createLarkspurHrAssistant } from "../../graphs/bedrock-agent-sample/agent.ts";
import { startSampleAgentBedrock } from "../../graphs/bedrock-agent-sample/offline.ts";
import type { Step } from "../../src/graph/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";

const servers: LocalBedrock[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function sampleAgent() {
  const server = await startSampleAgentBedrock();
  servers.push(server);
  return { server, agent: createLarkspurHrAssistant({ endpoint: server.url }) };
}

/** The tool calls of a run, by name, in order. */
const toolCalls = (result: { steps: Step[] }) =>
  result.steps.flatMap((step) => (step.kind === "action" ? [step.tool] : []));

describe("the imported sample Bedrock Agent, offline", () => {
  it("answers from its OpenAPI action group through the Lambda function, with the prompt session attributes", async () => {
    const { server, agent } = await sampleAgent();
    const result = await agent.invoke("How many vacation days does employee E1001 have left?", {
      sessionState: { promptSessionAttributes: { employeeName: "Ana Ruiz" } },
    });
    expect(toolCalls(result)).toContain("get__LeaveApi__getLeaveBalance");
    expect(result.answer).toContain("12");
    const invoke = server.requests.all("Invoke")[0];
    expect(invoke?.path).toContain("larkspur-leave-api");
    const event = invoke?.body as { apiPath: string; parameters: unknown[]; messageVersion: string };
    expect(event.messageVersion).toBe("1.0");
    expect(event.apiPath).toBe("/employees/{employeeId}/leave-balance");
    // The local model fills a free string with the question's clause; the handler finds the id in it.
    expect(event.parameters).toEqual([
      { name: "employeeId", type: "string", value: expect.stringContaining("E1001") },
    ]);
    // The instruction is the system prompt, the attributes where $prompt_session_attributes$ was,
    // and the agent's guardrail rides on the Converse call.
    const converse = server.requests.all("ConverseStream")[0]?.body as {
      system: Array<{ text?: string }>;
      guardrailConfig?: { guardrailIdentifier: string };
    };
    const system = converse.system.map((block) => block.text ?? "").join("");
    expect(system).toContain("You are Larkspur's HR assistant.");
    expect(system).toContain("<employeeName>Ana Ruiz</employeeName>");
    expect(system).not.toContain("$prompt_session_attributes$");
    expect(converse.guardrailConfig?.guardrailIdentifier).toBe("larkspurhrgr");
  });

  it("answers a policy question from its knowledge base and cites it", async () => {
    const { server, agent } = await sampleAgent();
    const result = await agent.invoke("What does the parental leave policy say about paid weeks?");
    expect(toolCalls(result)).toContain("kb_search_LARKSPURKB");
    expect(server.requests.all("Retrieve").length).toBeGreaterThan(0);
    expect(
      (result.sources ?? []).some((source) => JSON.stringify(source.location).includes("parental-leave")),
    ).toBe(true);
  });

  it("opens a ticket through the function-details action group", async () => {
    const { agent } = await sampleAgent();
    const result = await agent.invoke("Please open an IT ticket: my laptop screen is broken");
    expect(toolCalls(result)).toContain("ItTickets__open_ticket");
    expect(result.answer).toMatch(/IT-\d+/);
  });
});

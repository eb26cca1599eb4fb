import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import {
  type ActionGroupInvocation,
  actionGroupTools,
  decisionsFromResults,
  returnControlOf,
  USER_INPUT_TOOL,
} from "../../src/bedrock-agents/index.ts";
import type { Step } from "../../src/graph/state.ts";
import type { Tool } from "../../src/tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));
const returningControl = (name: string) => ({
  ...fixture(name).agentActionGroup,
  actionGroupExecutor: { customControl: "RETURN_CONTROL" },
});

async function agentWith(tools: Tool[]) {
  const server = await localBedrock();
  return { agent: createAgent({ model: localModel(server), tools }), server };
}

const kinds = (steps: Step[]) =>
  steps
    .filter((step) => step.kind !== "thought")
    .map((step) => `${step.kind}:${"by" in step ? step.by : ""}`);

describe("return of control (customControl RETURN_CONTROL)", () => {
  it("pauses with the call in Bedrock's returnControl shape and resumes with the application's functionResult", async () => {
    const tools = actionGroupTools(returningControl("policy-action-group.json"));
    expect(tools.every((tool) => tool.executor === "client")).toBe(true);
    const { agent, server } = await agentWith(tools);
    const paused = await agent.invoke("Get the insurance policy POL77812", { threadId: "roc-function" });
    expect(paused.outcome).toBe("interrupted");
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "PolicyLookup__getPolicy", reason: "client" });
    const policyNumber = (call?.args as { policyNumber?: string } | undefined)?.policyNumber;
    expect(returnControlOf(paused.paused ?? { calls: [] }, tools)).toEqual({
      invocationId: call?.id,
      invocationInputs: [
        {
          functionInvocationInput: {
            actionGroup: "PolicyLookup",
            actionInvocationType: "RESULT",
            function: "getPolicy",
            parameters: [{ name: "policyNumber", type: "string", value: policyNumber }],
          },
        },
      ],
    });
    const decisions = decisionsFromResults(paused.paused ?? { calls: [] }, tools, [
      {
        functionResult: {
          actionGroup: "PolicyLookup",
          function: "getPolicy",
          responseBody: { TEXT: { body: "Policy POL77812: holder Ana Silva, deductible 500 USD" } },
        },
      },
    ]);
    expect(decisions).toEqual({
      [call?.id ?? ""]: {
        type: "result",
        content: "Policy POL77812: holder Ana Silva, deductible 500 USD",
        status: "success",
      },
    });
    const done = await agent.invoke({ resume: { decisions } }, { threadId: "roc-function" });
    expect(done.outcome).toBe("answered");
    expect(kinds(done.steps)).toEqual(["action:client", "observation:"]);
    expect(done.answer).toContain("deductible 500 USD");
    expect(JSON.stringify(server.requests.all("ConverseStream").at(-1)?.body)).toContain("Ana Silva");
  });

  it("asks for confirmation and the result together for a confirmed API operation; DENY rejects the call", async () => {
    const tools = actionGroupTools(returningControl("claims-action-group.json"));
    const { agent, server } = await agentWith(tools);
    const paused = await agent.invoke("Send a reminder about claim CLM-1042", { threadId: "roc-api" });
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "post__ClaimManagement__sendReminder", reason: "client" });
    // The local model filled claimId with the question and daysToRespond with its only number.
    const { claimId, daysToRespond } = (call?.args ?? {}) as { claimId?: string; daysToRespond?: number };
    expect(typeof daysToRespond).toBe("number");
    expect(returnControlOf(paused.paused ?? { calls: [] }, tools, { invocationId: "inv-1" })).toEqual({
      invocationId: "inv-1",
      invocationInputs: [
        {
          apiInvocationInput: {
            actionGroup: "ClaimManagement",
            actionInvocationType: "USER_CONFIRMATION_AND_RESULT",
            apiPath: "/claims/{claimId}/reminders",
            httpMethod: "post",
            parameters: [{ name: "claimId", type: "string", value: claimId }],
            requestBody: {
              content: {
                "application/json": {
                  properties: [{ name: "daysToRespond", type: "integer", value: String(daysToRespond) }],
                },
              },
            },
          },
        },
      ],
    });
    const decisions = decisionsFromResults(paused.paused ?? { calls: [] }, tools, [
      {
        apiResult: {
          actionGroup: "ClaimManagement",
          apiPath: "/claims/{claimId}/reminders",
          httpMethod: "POST",
          confirmationState: "DENY",
        },
      },
    ]);
    expect(decisions).toEqual({
      [call?.id ?? ""]: { type: "reject", reason: "The user denied this action." },
    });
    const done = await agent.invoke({ resume: { decisions } }, { threadId: "roc-api" });
    expect(kinds(done.steps)).toEqual(["action:rejected", "observation:"]);
    expect(JSON.stringify(server.requests.all("ConverseStream").at(-1)?.body)).toContain(
      "The user denied this action.",
    );
  });

  it("an application's FAILURE or HTTP error result is an error observation", async () => {
    const tools = actionGroupTools(returningControl("policy-action-group.json"));
    const { agent } = await agentWith(tools);
    const paused = await agent.invoke("Get the insurance policy POL77812", { threadId: "roc-failure" });
    const decisions = decisionsFromResults(paused.paused ?? { calls: [] }, tools, [
      {
        functionResult: {
          actionGroup: "PolicyLookup",
          function: "getPolicy",
          responseState: "FAILURE",
          responseBody: { TEXT: { body: "policy system is down" } },
        },
      },
    ]);
    const done = await agent.invoke({ resume: { decisions } }, { threadId: "roc-failure" });
    expect(done.outcome).toBe("answered");
    expect(done.steps.find((step) => step.kind === "observation")).toMatchObject({
      status: "error",
      content: expect.stringContaining("policy system is down"),
    });
    expect(() =>
      decisionsFromResults(paused.paused ?? { calls: [] }, tools, [
        { functionResult: { function: "getPolicy" } },
      ] as never),
    ).toThrow(/returnControlInvocationResults/);
  });

  it("shows a call paused only for confirmation as USER_CONFIRMATION, and CONFIRM runs it", async () => {
    const ran: ActionGroupInvocation[] = [];
    const tools = actionGroupTools(fixture("policy-action-group.json"), {
      executor: async (invocation) => {
        ran.push(invocation);
        return { body: "Filed claim CLM-2001." };
      },
    });
    const { agent } = await agentWith(tools);
    const paused = await agent.invoke("File a claim of 1200 dollars on policy POL77812", {
      threadId: "confirm-1",
    });
    const [call] = paused.paused?.calls ?? [];
    expect(call?.reason).toBe("approval");
    const shown = returnControlOf(paused.paused ?? { calls: [] }, tools);
    expect(shown.invocationInputs).toEqual([
      {
        functionInvocationInput: expect.objectContaining({
          actionGroup: "PolicyLookup",
          actionInvocationType: "USER_CONFIRMATION",
          function: "fileClaim",
        }),
      },
    ]);
    const decisions = decisionsFromResults(paused.paused ?? { calls: [] }, tools, [
      {
        functionResult: { actionGroup: "PolicyLookup", function: "fileClaim", confirmationState: "CONFIRM" },
      },
    ]);
    expect(decisions).toEqual({ [call?.id ?? ""]: { type: "approve" } });
    const done = await agent.invoke({ resume: { decisions } }, { threadId: "confirm-1" });
    expect(ran).toEqual([
      expect.objectContaining({
        function: "fileClaim",
        parameters: expect.arrayContaining([{ name: "claimAmount", type: "number", value: "1200" }]),
      }),
    ]);
    expect(done.answer).toContain("CLM-2001");
  });
});

describe("AMAZON.UserInput", () => {
  it("becomes the ask_user client tool: the run pauses with the question and goes on with the user's answer", async () => {
    const tools = actionGroupTools({
      actionGroupName: "UserInputAction",
      parentActionGroupSignature: "AMAZON.UserInput",
    });
    expect(tools.map((tool) => [tool.name, tool.executor])).toEqual([[USER_INPUT_TOOL, "client"]]);
    const { agent } = await agentWith(tools);
    const paused = await agent.invoke("Ask the user which policy they mean", { threadId: "ask-1" });
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({
      name: "ask_user",
      reason: "client",
      args: { question: expect.any(String) },
    });
    const done = await agent.invoke(
      {
        resume: { decisions: { [call?.id ?? ""]: { type: "result", content: "POL-77812, my car policy" } } },
      },
      { threadId: "ask-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(done.answer).toContain("POL-77812, my car policy");
  });
});

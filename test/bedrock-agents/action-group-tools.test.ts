import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import {
  type ActionGroupExecutor,
  type ActionGroupInvocation,
  type ActionGroupOutcome,
  type ActionGroupSession,
  actionGroupTools,
  GetAgentActionGroupResponseSchema,
  sessionOf,
} from "../../src/bedrock-agents/index.ts";
import { ATTR } from "../../src/telemetry/attributes.ts";
import { recordSpans } from "../../src/testing/index.ts";
import type { Tool } from "../../src/tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { actions, observations } from "../helpers/steps.ts";

type Json = Record<string, unknown>;
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));

/** An executor that records every call and answers with `answer`'s outcome. */
function recorder(
  answer: (invocation: ActionGroupInvocation) => ActionGroupOutcome | Promise<ActionGroupOutcome>,
) {
  const calls: Array<{ invocation: ActionGroupInvocation; session: ActionGroupSession }> = [];
  const executor: ActionGroupExecutor = async (invocation, session) => {
    calls.push({ invocation, session });
    return answer(invocation);
  };
  return { calls, executor };
}

async function agentWith(tools: Tool[]) {
  const server = await localBedrock();
  return { agent: createAgent({ model: localModel(server), tools }), server };
}

const lastRequest = (server: Awaited<ReturnType<typeof localBedrock>>) =>
  JSON.stringify(server.requests.all("ConverseStream").at(-1)?.body);

describe("an OpenAPI action group as tools", () => {
  it("names one tool per operation as Bedrock does, with the schema's parameters and body as input", () => {
    const tools = actionGroupTools(fixture("claims-action-group.json"), {
      executor: recorder(() => ({ body: "" })).executor,
    });
    expect(tools.map((tool) => tool.name)).toEqual([
      "get__ClaimManagement__listOpenClaims",
      "get__ClaimManagement__getClaim",
      "get__ClaimManagement__getOutstandingPaperwork",
      "post__ClaimManagement__sendReminder",
    ]);
    expect(tools[3]?.jsonSchema).toEqual({
      type: "object",
      properties: {
        claimId: { type: "string", description: "The claim id, such as CLM-1042" },
        "x-tenant-id": { type: "string", description: "The insurer the claim belongs to" },
        documents: {
          type: "array",
          description: "The names of the documents to remind the policy holder of",
          items: { type: "string" },
        },
        urgent: { type: "boolean", description: "Whether to mark the reminder urgent" },
        daysToRespond: { type: "integer", description: "Days the policy holder has to respond" },
      },
      required: ["claimId", "documents"],
      additionalProperties: false,
    });
    expect(tools.map((tool) => Boolean(tool.requiresApproval))).toEqual([false, false, false, true]);
    // Inputs are validated against that schema before a call runs.
    expect(tools[0]?.input.safeParse({ limit: "five" }).success).toBe(false);
    expect(tools[0]?.input.safeParse({ limit: 5 }).success).toBe(true);
    expect(tools[3]?.input.safeParse({ claimId: "CLM-1" }).success).toBe(false);
  });

  it("is called by an agent: the executor gets the invocation Bedrock would send, the model reads the body", async () => {
    const { calls, executor } = recorder(() => ({
      body: JSON.stringify([{ claimId: "CLM-1042", status: "PENDING_DOCUMENTS", amount: 2400 }]),
      httpStatusCode: 200,
    }));
    const { agent } = await agentWith(actionGroupTools(fixture("claims-action-group.json"), { executor }));
    const result = await agent.invoke("List 5 open claims", { threadId: "claims-thread-1" });
    expect(result.outcome).toBe("answered");
    expect(actions(result.steps)).toEqual([
      expect.objectContaining({ tool: "get__ClaimManagement__listOpenClaims", input: { limit: 5 } }),
    ]);
    expect(calls).toEqual([
      {
        invocation: {
          kind: "api",
          actionGroup: "ClaimManagement",
          apiPath: "/claims",
          httpMethod: "get",
          parameters: [{ name: "limit", type: "integer", value: "5" }],
          locations: { status: "query", limit: "query" },
        },
        session: {
          sessionId: "claims-thread-1",
          inputText: "List 5 open claims",
          agent: { name: "glassbox-agent", id: "AGENT12345", alias: "TSTALIASID", version: "DRAFT" },
          sessionAttributes: {},
          promptSessionAttributes: {},
        },
      },
    ]);
    expect(observations(result.steps)[0]).toMatchObject({ status: "success" });
    expect(result.answer).toContain("PENDING_DOCUMENTS");
  });

  it("passes a path parameter as a string, from the JSON and the YAML schema alike", async () => {
    const group = fixture("claims-action-group.json");
    const yaml = {
      ...group,
      agentActionGroup: {
        ...group.agentActionGroup,
        apiSchema: { payload: readFileSync(new URL("fixtures/claims-api.yaml", import.meta.url), "utf8") },
      },
    };
    const runs = [];
    for (const definition of [group, yaml]) {
      const { calls, executor } = recorder(() => ({ body: '{"pendingDocuments":["police report"]}' }));
      const tools = actionGroupTools(definition, { executor });
      const { agent } = await agentWith(tools);
      const result = await agent.invoke("What outstanding paperwork does claim CLM-1042 need?");
      const [action] = actions(result.steps);
      expect(action?.tool).toBe("get__ClaimManagement__getOutstandingPaperwork");
      const claimId = (action?.input as Json | undefined)?.claimId as string;
      expect(calls.map((call) => call.invocation)).toEqual([
        {
          kind: "api",
          actionGroup: "ClaimManagement",
          apiPath: "/claims/{claimId}/outstanding-paperwork",
          httpMethod: "get",
          parameters: [{ name: "claimId", type: "string", value: claimId }],
          locations: { claimId: "path" },
        },
      ]);
      expect(result.answer).toContain("police report");
      runs.push({
        tools: tools.map((tool) => [tool.name, tool.jsonSchema]),
        invocation: calls[0]?.invocation,
      });
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it("pauses an x-requireConfirmation operation for approval; an edited call sends the request body", async () => {
    const { calls, executor } = recorder(() => ({
      body: '{"sendReminderTrackingId":"RMD-7","sendReminderStatus":"InProgress"}',
      httpStatusCode: 200,
    }));
    const { agent } = await agentWith(actionGroupTools(fixture("claims-action-group.json"), { executor }));
    const paused = await agent.invoke("Send a reminder about claim CLM-1042", { threadId: "remind-1" });
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "post__ClaimManagement__sendReminder", reason: "approval" });
    expect(calls).toHaveLength(0);
    const args = {
      claimId: "CLM-1042",
      documents: ["police report", "repair estimate"],
      urgent: true,
      daysToRespond: 14,
    };
    const done = await agent.invoke(
      { resume: { decisions: { [call?.id ?? ""]: { type: "edit", args } } } },
      { threadId: "remind-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(calls.map((entry) => entry.invocation)).toEqual([
      {
        kind: "api",
        actionGroup: "ClaimManagement",
        apiPath: "/claims/{claimId}/reminders",
        httpMethod: "post",
        parameters: [{ name: "claimId", type: "string", value: "CLM-1042" }],
        requestBody: {
          content: {
            "application/json": {
              properties: [
                { name: "documents", type: "array", value: '["police report","repair estimate"]' },
                { name: "urgent", type: "boolean", value: "true" },
                { name: "daysToRespond", type: "integer", value: "14" },
              ],
            },
          },
        },
        locations: { claimId: "path", "x-tenant-id": "header" },
      },
    ]);
    expect(done.answer).toContain("RMD-7");
  });
});

describe("the trace of an action group call", () => {
  it("names the action group and operation on the execute_tool span, and what the executor answered", async () => {
    const spans = recordSpans();
    try {
      const server = await localBedrock();
      const tools = actionGroupTools(fixture("claims-action-group.json"), {
        executor: async () => ({ body: '{"message":"down"}', httpStatusCode: 503 }),
      });
      const agent = createAgent({ model: localModel(server), tools, telemetry: spans.telemetry });
      await agent.invoke("List 5 open claims");
      const tool = spans.spans().find((span) => span.name.startsWith("execute_tool"));
      expect(tool?.attributes).toMatchObject({
        [ATTR.toolName]: "get__ClaimManagement__listOpenClaims",
        [ATTR.actionGroup]: "ClaimManagement",
        [ATTR.actionGroupOperation]: "get /claims",
        [ATTR.actionGroupHttpStatus]: 503,
      });
    } finally {
      await spans.shutdown();
    }
  });
});

describe("a function-details action group as tools", () => {
  it("is called by an agent with each parameter a string beside its declared type", async () => {
    const { calls, executor } = recorder((invocation) => ({
      body:
        invocation.kind === "function" && invocation.function === "estimateDeductible"
          ? "The deductible is 500 USD."
          : "Policy POL-77812: holder Ana Silva, collision coverage, deductible 500 USD.",
    }));
    const tools = actionGroupTools(fixture("policy-action-group.json"), { executor });
    expect(tools.map((tool) => [tool.name, tool.requiresApproval ?? false])).toEqual([
      ["PolicyLookup__getPolicy", false],
      ["PolicyLookup__estimateDeductible", false],
      ["PolicyLookup__fileClaim", true],
    ]);
    const { agent } = await agentWith(tools);
    const result = await agent.invoke(
      "Estimate the deductible for a claim of 2400 dollars on policy POL77812",
    );
    const [action] = actions(result.steps);
    expect(action).toMatchObject({ tool: "PolicyLookup__estimateDeductible" });
    const input = action?.input as { policyNumber: string; claimAmount: number };
    expect(input.claimAmount).toBe(2400);
    expect(calls.map((call) => call.invocation)).toEqual([
      {
        kind: "function",
        actionGroup: "PolicyLookup",
        function: "estimateDeductible",
        parameters: [
          { name: "policyNumber", type: "string", value: input.policyNumber },
          { name: "claimAmount", type: "number", value: "2400" },
        ],
      },
    ]);
    expect(result.answer).toContain("500 USD");
  });

  it("does not run a function whose confirmation was rejected; the model reads why", async () => {
    const { calls, executor } = recorder(() => ({ body: "Filed claim CLM-2001." }));
    const { agent, server } = await agentWith(
      actionGroupTools(fixture("policy-action-group.json"), { executor }),
    );
    const paused = await agent.invoke("File a claim of 1200 dollars on policy POL77812", {
      threadId: "file-1",
    });
    const [call] = paused.paused?.calls ?? [];
    expect(call).toMatchObject({ name: "PolicyLookup__fileClaim", reason: "approval" });
    const done = await agent.invoke(
      {
        resume: {
          decisions: {
            [call?.id ?? ""]: { type: "reject", reason: "the policy holder must file it in person" },
          },
        },
      },
      { threadId: "file-1" },
    );
    expect(calls).toHaveLength(0);
    expect(actions(done.steps)).toEqual([expect.objectContaining({ by: "rejected" })]);
    expect(lastRequest(server)).toContain("the policy holder must file it in person");
  });
});

describe("a failing action group call", () => {
  const failing: Array<[string, ActionGroupExecutor, string, string]> = [
    [
      "throws",
      async () => {
        throw new Error("claims database is unreachable");
      },
      "Error",
      "claims database is unreachable",
    ],
    [
      "answers HTTP 500",
      async () => ({ body: '{"message":"internal error"}', httpStatusCode: 500 }),
      "HTTP 500",
      'HTTP 500: {"message":"internal error"}',
    ],
    [
      "answers FAILURE",
      async () => ({ body: "Policy POL77812 is suspended", responseState: "FAILURE" }),
      "FAILURE",
      "The action failed: Policy POL77812 is suspended",
    ],
    [
      "answers REPROMPT",
      async () => ({ body: "policyNumber must look like POL-12345", responseState: "REPROMPT" }),
      "REPROMPT",
      "The action asks you to try again: policyNumber must look like POL-12345\nCorrect the arguments and call it again, or ask the user for what is missing.",
    ],
  ];

  it.each(failing)(
    "that %s becomes an error observation the model reads, and the run goes on",
    async (_case, executor, _type, text) => {
      const { agent, server } = await agentWith(
        actionGroupTools(fixture("policy-action-group.json"), { executor }),
      );
      const result = await agent.invoke("Get the insurance policy POL77812");
      expect(result.outcome).toBe("answered");
      const [observation] = observations(result.steps);
      expect(observation).toMatchObject({ tool: "PolicyLookup__getPolicy", status: "error" });
      expect(observation?.content).toContain(text);
      expect(lastRequest(server)).toContain(JSON.stringify(text).slice(1, -1));
      expect(lastRequest(server)).toContain('"status":"error"');
    },
  );
});

describe("the session of a call", () => {
  it("is the run's thread, or the call itself when the run has none", () => {
    const agent = { name: "claims-agent", id: "AGENT12345", alias: "PRODALIAS1", version: "3" };
    const signal = new AbortController().signal;
    expect(sessionOf({ toolCallId: "tooluse_1", signal, threadId: "thread-9" }, agent)).toEqual({
      sessionId: "thread-9",
      inputText: "",
      agent,
      sessionAttributes: {},
      promptSessionAttributes: {},
    });
    expect(sessionOf({ toolCallId: "tooluse_1", signal }, agent).sessionId).toBe("tooluse_1");
  });

  it("names the agent given in the options", async () => {
    const { calls, executor } = recorder(() => ({ body: "Policy POL77812" }));
    const agentInfo = { name: "claims-agent", alias: "PRODALIAS1" };
    const { agent } = await agentWith(
      actionGroupTools(fixture("policy-action-group.json"), { executor, agent: agentInfo }),
    );
    await agent.invoke("Get the insurance policy POL77812", { threadId: "named-1" });
    expect(calls[0]?.session.agent).toEqual({
      name: "claims-agent",
      id: "AGENT12345",
      alias: "PRODALIAS1",
      version: "DRAFT",
    });
  });
});

describe("action group definitions", () => {
  it("gives two action groups of one name tools the agent refuses, as Bedrock refuses duplicate tool names", async () => {
    const { executor } = recorder(() => ({ body: "" }));
    const tools = [
      ...actionGroupTools(fixture("policy-action-group.json"), { executor }),
      ...actionGroupTools(fixture("policy-action-group.json"), { executor }),
    ];
    const server = await localBedrock();
    expect(() => createAgent({ model: localModel(server), tools })).toThrow(
      /tool "PolicyLookup__getPolicy" is defined twice/,
    );
  });

  const functions = fixture("policy-action-group.json").agentActionGroup.functionSchema;

  it("needs an executor for a Lambda action group, and gives no tools for a DISABLED one", () => {
    expect(() => actionGroupTools(fixture("policy-action-group.json"))).toThrow(
      'action group "PolicyLookup": actionGroupExecutor: runs Lambda function arn:aws:lambda:us-east-1:123456789012:function:policy-actions: pass an executor (lambdaExecutor, localHandlerExecutor, httpExecutor, or a function of your own)',
    );
    const disabled = {
      ...fixture("policy-action-group.json").agentActionGroup,
      actionGroupState: "DISABLED",
    };
    expect(actionGroupTools(disabled)).toEqual([]);
    expect(() =>
      actionGroupTools(fixture("policy-action-group.json"), {
        executor: async () => ({ body: "" }),
        timeoutMs: -1,
      }),
    ).toThrow("actionGroupTools: timeoutMs must be a positive number of milliseconds, got -1");
  });

  it("has the exact GetAgentActionGroup response schema, with the SDK's Date timestamps or JSON's strings", () => {
    const response = fixture("claims-action-group.json");
    expect(GetAgentActionGroupResponseSchema.safeParse(response).success).toBe(true);
    const fromSdk = {
      agentActionGroup: { ...response.agentActionGroup, createdAt: new Date(), updatedAt: new Date() },
    };
    expect(GetAgentActionGroupResponseSchema.safeParse(fromSdk).success).toBe(true);
    const { actionGroupId: _id, ...withoutId } = response.agentActionGroup;
    const issues = GetAgentActionGroupResponseSchema.safeParse({ agentActionGroup: withoutId }).error?.issues;
    expect(issues?.map((issue) => issue.path.join("."))).toEqual(["agentActionGroup.actionGroupId"]);
    // A definition written by hand needs no ids or timestamps.
    expect(actionGroupTools(withoutId, { executor: recorder(() => ({ body: "" })).executor })).toHaveLength(
      4,
    );
  });

  it("checks the GetAgentActionGroup response against the service model", () => {
    const { agentActionGroup } = fixture("claims-action-group.json");
    expect(() =>
      actionGroupTools({ agentActionGroup: { ...agentActionGroup, actionGroupName: "claims management" } }),
    ).toThrow(
      'action group "claims management": actionGroupName: must match ([0-9a-zA-Z][_-]?){1,100} (Bedrock\'s Name pattern)',
    );
    expect(() =>
      actionGroupTools({
        ...agentActionGroup,
        actionGroupExecutor: { customControl: "RETURN_CONTROL", lambda: "arn" },
      }),
    ).toThrow(/^action group "ClaimManagement": actionGroupExecutor: /);
    expect(() => actionGroupTools({ ...agentActionGroup, functionSchema: functions })).toThrow(
      'action group "ClaimManagement": functionSchema: an action group has apiSchema or functionSchema, not both',
    );
    expect(() =>
      actionGroupTools({
        ...agentActionGroup,
        apiSchema: { s3: { s3BucketName: "claims-schemas", s3ObjectKey: "claims.yaml" } },
      }),
    ).toThrow(
      'action group "ClaimManagement": apiSchema.s3: the schema is in s3://claims-schemas/claims.yaml: Glassbox does not read S3; give its text as apiSchema.payload',
    );
    expect(() =>
      actionGroupTools({ actionGroupName: "Code", parentActionSignature: "AMAZON.CodeInterpreter" }),
    ).toThrow(
      'action group "Code": parentActionSignature: AMAZON.CodeInterpreter is a tool Bedrock runs itself; Glassbox has no twin of it (only AMAZON.UserInput carries over)',
    );
    expect(() =>
      actionGroupTools({
        actionGroupName: "Ask",
        parentActionGroupSignature: "AMAZON.UserInput",
        description: "asks",
      }),
    ).toThrow('action group "Ask": description: must be blank for an AMAZON.UserInput action group');
  });

  it("refuses bad function names, duplicates, parameter types and names, and the quotas", () => {
    const group = (fns: unknown[]) => ({
      actionGroupName: "Policy",
      actionGroupExecutor: { customControl: "RETURN_CONTROL" },
      functionSchema: { functions: fns },
    });
    expect(() => actionGroupTools(group([{ name: "get policy" }]))).toThrow(
      `action group "Policy": functionSchema.functions[0].name: must match ([0-9a-zA-Z][_-]?){1,100} (Bedrock's Name pattern)`,
    );
    expect(() => actionGroupTools(group([{ name: "get__policy" }]))).toThrow(
      /functions\[0\]\.name: must match/,
    );
    expect(() => actionGroupTools(group([{ name: "getPolicy" }, { name: "getPolicy" }]))).toThrow(
      `action group "Policy": functionSchema.functions[1].name: "getPolicy" is the name of functions[0] too`,
    );
    expect(() =>
      actionGroupTools(group([{ name: "getPolicy", parameters: { policy: { type: "object" } } }])),
    ).toThrow(
      `action group "Policy": functionSchema.functions[0].parameters.policy.type: must be one of string, number, integer, boolean, array (Bedrock's parameter types)`,
    );
    expect(() =>
      actionGroupTools(group([{ name: "getPolicy", parameters: { "policy number": { type: "string" } } }])),
    ).toThrow(
      `action group "Policy": functionSchema.functions[0].parameters.policy number: a parameter name must match ([0-9a-zA-Z][_-]?){1,100} (Bedrock's Name pattern)`,
    );
    const six = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((name) => [name, { type: "string" }]));
    expect(() => actionGroupTools(group([{ name: "getPolicy", parameters: six }]))).toThrow(
      `action group "Policy": functionSchema.functions[0].parameters: 6 parameters; a function takes at most 5 (Bedrock Agents' parameters-per-function quota)`,
    );
    expect(
      actionGroupTools(group([{ name: "getPolicy", parameters: six }]), {
        quotas: { parametersPerFunction: 6 },
      }),
    ).toHaveLength(1);
    const long = {
      ...group([{ name: "getPolicyWithEveryEndorsementAndRider" }]),
      actionGroupName: "PolicyLookupForCommercialFleets",
    };
    expect(() => actionGroupTools(long)).toThrow(
      `action group "PolicyLookupForCommercialFleets": functionSchema.functions[0]: tool name "PolicyLookupForCommercialFleets__getPolicyWithEveryEndorsementAndRider" has 70 characters; Bedrock's tool names have at most 64 (shorten the action group's name or the function's name)`,
    );
    const twelve = Array.from({ length: 12 }, (_, i) => ({ name: `fn${i}` }));
    expect(() => actionGroupTools(group(twelve))).toThrow(
      `action group "Policy": functionSchema.functions: 12 functions; an action group takes at most 11 (Bedrock Agents' quota)`,
    );
  });
});

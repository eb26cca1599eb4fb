import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import {
  ApiLambdaEventSchema,
  actionGroupTools,
  FunctionLambdaEventSchema,
  lambdaExecutor,
} from "../../src/bedrock-agents/index.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import type { ScriptStep } from "../../src/local/script.ts";
import { createCheckpointer } from "../../src/threads/index.ts";
import { lambdaClient, localBedrock, localModel, systemPrompts } from "../helpers/local-bedrock.ts";
import { observations } from "../helpers/steps.ts";
import { tempDirKept } from "../helpers/temp.ts";

const CLAIMS = "tools/bedrock-agent-handlers/claims.mjs";
const group = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));
const invokeEvents = (server: LocalBedrock) => server.requests.all("Invoke").map((entry) => entry.body);

describe("lambdaExecutor through the real Lambda client and the local Bedrock's Invoke", () => {
  it("runs an OpenAPI action group, carrying session attributes across turns and a checkpointer round trip", async () => {
    const server = await localBedrock({ lambdaFunctions: { "claims-actions": CLAIMS } });
    const executor = lambdaExecutor({
      functionName: "arn:aws:lambda:us-east-1:123456789012:function:claims-actions",
      endpoint: server.url,
    });
    const tools = actionGroupTools(group("claims-action-group.json"), {
      executor,
      agent: { name: "claims-agent", alias: "TSTALIASID" },
    });
    const spec = `sqlite:${join(tempDirKept(), "threads.db")}`;
    const agentOn = async () => {
      const checkpointer = await createCheckpointer(spec);
      const agent = createAgent({
        model: localModel(server),
        tools,
        systemPrompt: "You help policy holders with their claims.\n$prompt_session_attributes$",
        checkpointer: checkpointer.saver,
      });
      return { agent, checkpointer };
    };
    const script: ScriptStep[] = [
      { toolUse: [{ name: "get__ClaimManagement__getClaim", input: { claimId: "CLM-1042" } }] },
      { text: "Claim CLM-1042 is waiting for documents." },
      { toolUse: [{ name: "get__ClaimManagement__listOpenClaims", input: {} }] },
      { text: "You have two open claims." },
    ];
    server.setScript(script);

    const first = await agentOn();
    const turn1 = await first.agent.invoke("What is the status of claim CLM-1042?", {
      threadId: "claims-thread",
      sessionState: {
        sessionAttributes: { policyHolderId: "PH-310" },
        promptSessionAttributes: { channel: "web" },
      },
    });
    await first.checkpointer.close();
    expect(turn1.answer).toBe("Claim CLM-1042 is waiting for documents.");
    const [event1] = invokeEvents(server);
    expect(ApiLambdaEventSchema.parse(event1)).toStrictEqual({
      messageVersion: "1.0",
      agent: { name: "claims-agent", id: "AGENT12345", alias: "TSTALIASID", version: "DRAFT" },
      inputText: "What is the status of claim CLM-1042?",
      sessionId: "claims-thread",
      actionGroup: "ClaimManagement",
      apiPath: "/claims/{claimId}",
      httpMethod: "get",
      parameters: [{ name: "claimId", type: "string", value: "CLM-1042" }],
      sessionAttributes: { policyHolderId: "PH-310" },
      promptSessionAttributes: { channel: "web" },
    });
    expect(observations(turn1.steps)[0]).toMatchObject({ status: "success" });
    expect(JSON.parse(observations(turn1.steps)[0]?.content ?? "")).toMatchObject({ claimId: "CLM-1042" });
    // What the Lambda returned is kept: session attributes for the session, prompt attributes for the turn.
    expect(turn1.sessionState).toEqual({
      sessionAttributes: { policyHolderId: "PH-310", lastClaimId: "CLM-1042", lookups: "1" },
      promptSessionAttributes: { channel: "web", claimStatus: "PENDING_DOCUMENTS" },
    });
    // Prompt session attributes fill $prompt_session_attributes$ in the system prompt the model gets.
    const [before, after] = systemPrompts(server);
    expect(before).toBe("You help policy holders with their claims.\n<channel>web</channel>");
    expect(after).toBe(
      "You help policy holders with their claims.\n<channel>web</channel>\n<claimStatus>PENDING_DOCUMENTS</claimStatus>",
    );

    // A new process: the thread (and its session attributes) comes back from the SQLite file.
    const second = await agentOn();
    const turn2 = await second.agent.invoke("Which of my claims are open?", { threadId: "claims-thread" });
    await second.checkpointer.close();
    const event2 = ApiLambdaEventSchema.parse(invokeEvents(server)[1]);
    expect(event2).toMatchObject({
      apiPath: "/claims",
      inputText: "Which of my claims are open?",
      sessionAttributes: { policyHolderId: "PH-310", lastClaimId: "CLM-1042", lookups: "1" },
      // Prompt session attributes last one turn, as in Bedrock Agents.
      promptSessionAttributes: {},
    });
    expect(event2).not.toHaveProperty("parameters");
    const listed = JSON.parse(observations(turn2.steps)[0]?.content ?? "[]") as { claimId: string }[];
    expect(listed.map((claim) => claim.claimId)).toEqual(["CLM-1042", "CLM-1051"]);
    expect(systemPrompts(server)[2]).toBe("You help policy holders with their claims.\n");
    expect(turn2.sessionState?.sessionAttributes).toEqual({
      policyHolderId: "PH-310",
      lastClaimId: "CLM-1042",
      lookups: "1",
    });
  });

  it("runs a function-details action group: REPROMPT and FAILURE become error observations the model reads", async () => {
    const server = await localBedrock({
      lambdaFunctions: { "policy-actions": CLAIMS },
      script: [
        { toolUse: [{ name: "PolicyLookup__getPolicy", input: { policyNumber: "77812" } }] },
        { toolUse: [{ name: "PolicyLookup__getPolicy", input: { policyNumber: "POL-99999" } }] },
        { toolUse: [{ name: "PolicyLookup__getPolicy", input: { policyNumber: "POL-77812" } }] },
        { text: "Your deductible is $500." },
      ],
    });
    const tools = actionGroupTools(group("policy-action-group.json"), {
      executor: lambdaExecutor({ functionName: "policy-actions", endpoint: server.url }),
    });
    const agent = createAgent({ model: localModel(server), tools });
    const result = await agent.invoke("What is the deductible of my policy 77812?");
    const [reprompt, failure, success] = observations(result.steps);
    expect(reprompt).toMatchObject({ status: "error" });
    expect(reprompt?.content).toMatch(
      /try again: "77812" is not a policy number: expected POL- and five digits/,
    );
    expect(failure).toMatchObject({
      status: "error",
      content: "The action failed: policy POL-99999 does not exist",
    });
    expect(success).toMatchObject({ status: "success" });
    expect(JSON.parse(success?.content ?? "")).toMatchObject({ deductible: 500 });
    const events = invokeEvents(server).map((event) => FunctionLambdaEventSchema.parse(event));
    expect(events.map((event) => event.parameters)).toEqual([
      [{ name: "policyNumber", type: "string", value: "77812" }],
      [{ name: "policyNumber", type: "string", value: "POL-99999" }],
      [{ name: "policyNumber", type: "string", value: "POL-77812" }],
    ]);
    expect(events[0]).toMatchObject({
      actionGroup: "PolicyLookup",
      function: "getPolicy",
      messageVersion: "1.0",
    });
    // The function stored the holder in the session: a run without a thread still returns it.
    expect(result.sessionState?.sessionAttributes).toEqual({ policyHolderId: "PH-310" });
  });

  it("turns a function that throws, times out, answers a malformed response or does not exist into error observations", async () => {
    const server = await localBedrock({
      lambdaFunctions: {
        broken: async () => {
          throw new RangeError("claim amount out of range");
        },
        slow: { handler: () => new Promise((resolve) => setTimeout(resolve, 1_500)), timeoutMs: 5_000 },
        malformed: async (event: unknown) => ({
          messageVersion: "1.0",
          response: { actionGroup: (event as { actionGroup: string }).actionGroup, function: "getPolicy" },
        }),
        text: async () => "policy found",
        throttled: { handler: async () => ({}), reservedConcurrency: 0 },
      },
    });
    const cases: Array<[string, RegExp]> = [
      ["broken", /Lambda function "broken" failed: RangeError: claim amount out of range/],
      ["slow", /timed out after 200 ms/],
      ["malformed", /response\.functionResponse: .*object/],
      ["text", /\(response\): .*expected object/],
      ["nope", /Lambda function "nope" does not exist .*ResourceNotFoundException: Function not found/],
      [
        "throttled",
        /Lambda throttled the invocation of "throttled" .*TooManyRequestsException: Rate Exceeded/,
      ],
    ];
    // One attempt: the SDK's own retries of a throttled call would only repeat the same answer here.
    const client = lambdaClient(server.url);
    for (const [functionName, expected] of cases) {
      server.setScript([
        { toolUse: [{ name: "PolicyLookup__getPolicy", input: { policyNumber: "POL-77812" } }] },
        { text: "I could not look the policy up." },
      ]);
      const tools = actionGroupTools(group("policy-action-group.json"), {
        executor: lambdaExecutor({ functionName, client }),
        timeoutMs: 200,
      });
      const result = await createAgent({ model: localModel(server), tools }).invoke("Look up POL-77812");
      const [observation] = observations(result.steps);
      expect(observation?.status, functionName).toBe("error");
      expect(observation?.content, functionName).toMatch(expected);
      expect(result.answer).toBe("I could not look the policy up.");
    }
  });
});

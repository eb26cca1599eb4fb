import { describe, expect, it } from "vitest";
import { actionGroupTools } from "../../src/bedrock-agents/index.ts";
import {
  CLAIMS_LAMBDA,
  claimsAgent,
  actionGroupFixture as group,
  lambdaSessionAttributes,
  systemPrompts,
} from "../helpers/claims-agent.ts";
import { invoke, jsonOf, parseSse, servedAgent, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";

describe("sessionState over /invocations (InvokeAgent's session attributes)", () => {
  it("keeps session attributes across two turns of a session through a Lambda action group; prompt ones reach the system prompt", async () => {
    const { url, local } = await servedAgent({
      bedrock: { lambdaFunctions: CLAIMS_LAMBDA },
      script: [
        { toolUse: [{ name: "get__ClaimManagement__getClaim", input: { claimId: "CLM-1042" } }] },
        { text: "Claim CLM-1042 is waiting for documents." },
        { toolUse: [{ name: "get__ClaimManagement__listOpenClaims", input: {} }] },
        { text: "You have two open claims." },
      ],
      build: claimsAgent,
    });
    const session = { [SESSION]: sessionId() };
    const first = await invoke(
      url,
      {
        prompt: "What is the status of claim CLM-1042?",
        sessionState: {
          sessionAttributes: { policyHolderId: "PH-310" },
          promptSessionAttributes: { channel: "web" },
        },
      },
      session,
    );
    expect(first.status).toBe(200);
    const turn1 = await jsonOf(first);
    expect(turn1.answer).toBe("Claim CLM-1042 is waiting for documents.");
    // claims.mjs remembers the claim looked up and hands its status to the next prompt.
    expect(turn1.sessionState).toEqual({
      sessionAttributes: { policyHolderId: "PH-310", lastClaimId: "CLM-1042", lookups: "1" },
      promptSessionAttributes: { channel: "web", claimStatus: "PENDING_DOCUMENTS" },
    });
    expect(systemPrompts(local)[0]).toContain("<channel>web</channel>");
    expect(systemPrompts(local)[1]).toContain("<claimStatus>PENDING_DOCUMENTS</claimStatus>");

    // The second turn sends no sessionState, streams (SSE), and the Lambda still sees the session's attributes.
    const second = await invoke(
      url,
      { prompt: "Which of my claims are open?" },
      { ...session, accept: "text/event-stream" },
    );
    const events = parseSse(await second.text());
    const done = events.find((event) => event.event === "done")?.data as {
      result: { answer: string; sessionState: unknown };
    };
    expect(done.result.answer).toBe("You have two open claims.");
    expect(lambdaSessionAttributes(local)[1]).toEqual({
      policyHolderId: "PH-310",
      lastClaimId: "CLM-1042",
      lookups: "1",
    });
    expect(done.result.sessionState).toEqual({
      sessionAttributes: { policyHolderId: "PH-310", lastClaimId: "CLM-1042", lookups: "1" },
      promptSessionAttributes: {},
    });
    // A new turn starts prompt session attributes over (Bedrock: they last one turn).
    expect(systemPrompts(local)[2]).not.toContain("channel");
  });

  it("a retry of the same request (same request id) returns its turn without setting the session again", async () => {
    const { url } = await servedAgent({ script: [{ text: "Hello." }] });
    const headers = { [SESSION]: sessionId(), "x-request-id": "req-session-retry" };
    const body = { prompt: "Hi", sessionState: { sessionAttributes: { team: "claims" } } };
    const first = await jsonOf(await invoke(url, body, headers));
    const retry = await invoke(url, body, headers);
    expect(retry.status).toBe(200);
    const again = await jsonOf(retry);
    expect(again.answer).toBe(first.answer);
    expect(again.sessionState.sessionAttributes).toEqual({ team: "claims" });
  });

  const bad: Array<[string, unknown, string]> = [
    [
      "a session attribute that is not a string",
      { prompt: "hi", sessionState: { sessionAttributes: { policyHolderId: 310 } } },
      "sessionState.sessionAttributes.policyHolderId",
    ],
    [
      "prompt session attributes that are not an object",
      { prompt: "hi", sessionState: { promptSessionAttributes: "channel=web" } },
      "sessionState.promptSessionAttributes",
    ],
    ["an unknown sessionState field", { prompt: "hi", sessionState: { files: [] } }, "sessionState.files"],
    [
      "session attributes with a resume",
      { resume: { decisions: {} }, sessionState: { sessionAttributes: { a: "b" } } },
      "sessionState.sessionAttributes",
    ],
    [
      "returnControlInvocationResults and a prompt",
      {
        prompt: "hi",
        sessionState: {
          returnControlInvocationResults: [{ functionResult: { actionGroup: "A", function: "f" } }],
        },
      },
      "sessionState.returnControlInvocationResults",
    ],
    [
      "more than five returnControlInvocationResults",
      {
        sessionState: {
          returnControlInvocationResults: Array.from({ length: 6 }, () => ({
            functionResult: { actionGroup: "A", function: "f" },
          })),
        },
      },
      "sessionState.returnControlInvocationResults",
    ],
  ];
  it.each(bad)("400 for %s, naming the field", async (_name, body, field) => {
    const { url } = await servedAgent({ script: [{ text: "unused" }] });
    const response = await invoke(url, body, { [SESSION]: sessionId() });
    expect(response.status).toBe(400);
    const json = await jsonOf(response);
    expect(json.code).toBe("INVOCATION_INVALID");
    expect(json.fieldList.map((entry: { name: string }) => entry.name)).toContain(field);
  });
});

describe("return of control over /invocations", () => {
  const returningControl = {
    ...group("policy-action-group.json").agentActionGroup,
    actionGroupExecutor: { customControl: "RETURN_CONTROL" },
  };

  it("answers a paused action-group call with returnControl and resumes from sessionState.returnControlInvocationResults", async () => {
    const { url, local } = await servedAgent({
      agent: { tools: actionGroupTools(returningControl) },
    });
    const session = { [SESSION]: sessionId() };
    const paused = await jsonOf(await invoke(url, { prompt: "Get the insurance policy POL77812" }, session));
    expect(paused.outcome).toBe("interrupted");
    const [call] = paused.paused.calls;
    expect(paused.returnControl).toEqual({
      invocationId: call.id,
      invocationInputs: [
        {
          functionInvocationInput: {
            actionGroup: "PolicyLookup",
            actionInvocationType: "RESULT",
            function: "getPolicy",
            parameters: [{ name: "policyNumber", type: "string", value: call.args.policyNumber }],
          },
        },
      ],
    });

    // A result for another operation leaves the paused call without one: 400, the run stays paused.
    const wrong = await invoke(
      url,
      {
        sessionState: {
          invocationId: paused.returnControl.invocationId,
          returnControlInvocationResults: [
            { functionResult: { actionGroup: "PolicyLookup", function: "other" } },
          ],
        },
      },
      session,
    );
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).message).toContain(`no result for PolicyLookup__getPolicy (${call.id})`);

    const done = await invoke(
      url,
      {
        sessionState: {
          invocationId: paused.returnControl.invocationId,
          returnControlInvocationResults: [
            {
              functionResult: {
                actionGroup: "PolicyLookup",
                function: "getPolicy",
                responseBody: { TEXT: { body: "Policy POL77812: holder Ana Silva, deductible 500 USD" } },
              },
            },
          ],
        },
      },
      { ...session, accept: "text/event-stream" },
    );
    const result = parseSse(await done.text()).find((event) => event.event === "done")?.data as {
      result: { outcome: string; answer: string; returnControl?: unknown };
    };
    expect(result.result.outcome).toBe("answered");
    expect(result.result.answer).toContain("deductible 500 USD");
    expect(result.result.returnControl).toBeUndefined();
    expect(JSON.stringify(local.requests.all("ConverseStream").at(-1)?.body)).toContain("Ana Silva");
  });

  it("409 for returned control on a session that is not paused", async () => {
    const { url } = await servedAgent({ agent: { tools: actionGroupTools(returningControl) } });
    const response = await invoke(
      url,
      {
        sessionState: {
          returnControlInvocationResults: [
            { functionResult: { actionGroup: "PolicyLookup", function: "getPolicy" } },
          ],
        },
      },
      { [SESSION]: sessionId() },
    );
    expect(response.status).toBe(409);
    expect((await jsonOf(response)).reason).toBe("ThreadNotPaused");
  });
});

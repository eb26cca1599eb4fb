import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import {
  type ActionGroupInvocation,
  type ActionGroupSession,
  actionGroupTools,
  FunctionLambdaEventSchema,
  LambdaFunctionError,
  type LambdaHandler,
  type LambdaHandlerContext,
  localHandlerExecutor,
} from "../../src/bedrock-agents/index.ts";
import type { ToolContext } from "../../src/tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { observations } from "../helpers/steps.ts";

const CLAIMS = "tools/bedrock-agent-handlers/claims.mjs";
const group = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));

const session: ActionGroupSession = {
  sessionId: "s-1",
  inputText: "What does POL-77812 cover?",
  agent: { name: "claims-agent", id: "AGENT12345", alias: "TSTALIASID", version: "DRAFT" },
  sessionAttributes: { tenant: "acme" },
  promptSessionAttributes: {},
};
const getPolicy: ActionGroupInvocation = {
  kind: "function",
  actionGroup: "PolicyLookup",
  function: "getPolicy",
  parameters: [{ name: "policyNumber", type: "string", value: "POL-77812" }],
};
const context = (signal = new AbortController().signal): ToolContext => ({ toolCallId: "t-1", signal });

describe("localHandlerExecutor", () => {
  it("runs the handler module in-process with Bedrock's event and a Lambda-like context", async () => {
    let seen: { event: unknown; context: LambdaHandlerContext } | undefined;
    const spy = localHandlerExecutor(
      async (event, lambdaContext) => {
        seen = { event, context: lambdaContext };
        const claims = new URL("../../tools/bedrock-agent-handlers/claims.mjs", import.meta.url).href;
        const { handler } = (await import(claims)) as { handler: LambdaHandler };
        return handler(event, lambdaContext);
      },
      { functionName: "policy-actions", timeoutMs: 1_000 },
    );
    const outcome = await spy(getPolicy, session, context());
    expect(JSON.parse(outcome.body)).toMatchObject({ policyNumber: "POL-77812", coverage: "comprehensive" });
    expect(outcome.sessionAttributes).toEqual({ tenant: "acme", policyHolderId: "PH-310" });
    expect(FunctionLambdaEventSchema.parse(seen?.event)).toMatchObject({
      messageVersion: "1.0",
      function: "getPolicy",
      sessionAttributes: { tenant: "acme" },
    });
    expect(seen?.context).toMatchObject({
      functionName: "policy-actions",
      functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:policy-actions",
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(seen?.context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(seen?.context.getRemainingTimeInMillis()).toBeLessThanOrEqual(1_000);
  });

  it("loads a module path and serves an agent's OpenAPI tool calls offline", async () => {
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            { name: "get__ClaimManagement__getOutstandingPaperwork", input: { claimId: "CLM-1042" } },
          ],
        },
        { text: "Two documents are missing." },
      ],
    });
    const tools = actionGroupTools(group("claims-action-group.json"), {
      executor: localHandlerExecutor(CLAIMS),
    });
    const result = await createAgent({ model: localModel(server), tools }).invoke(
      "What paperwork is missing?",
    );
    expect(JSON.parse(observations(result.steps)[0]?.content ?? "")).toEqual({
      pendingDocuments: ["repair estimate", "police report"],
    });
  });

  it("fails a call whose handler throws, times out or answers a malformed response, with Lambda's error", async () => {
    const thrower = localHandlerExecutor(
      async () => {
        throw new Error("database unreachable");
      },
      { functionName: "claims" },
    );
    await expect(thrower(getPolicy, session, context())).rejects.toThrow(
      /Lambda function "claims" failed: Error: database unreachable/,
    );
    const slow = localHandlerExecutor(() => new Promise(() => {}), { functionName: "slow", timeoutMs: 50 });
    const timedOut = slow(getPolicy, session, context());
    await expect(timedOut).rejects.toBeInstanceOf(LambdaFunctionError);
    await expect(timedOut).rejects.toThrow(
      /Sandbox\.Timedout: RequestId: \S+ Error: Task timed out after 0\.05 seconds/,
    );
    const malformed = localHandlerExecutor(async () => ({
      messageVersion: "1.0",
      response: { actionGroup: "PolicyLookup" },
    }));
    await expect(malformed(getPolicy, session, context())).rejects.toThrow(/response\.function: /);
    await expect(localHandlerExecutor("./no/such/module.mjs")(getPolicy, session, context())).rejects.toThrow(
      /Lambda handler module "\.\/no\/such\/module\.mjs" cannot be loaded/,
    );
    await expect(localHandlerExecutor(`${CLAIMS}#nothing`)(getPolicy, session, context())).rejects.toThrow(
      /has no exported function "nothing"/,
    );
  });

  it("stops waiting when the tool's signal aborts", async () => {
    const controller = new AbortController();
    const pending = localHandlerExecutor(() => new Promise(() => {}), { timeoutMs: 60_000 })(
      getPolicy,
      session,
      context(controller.signal),
    );
    controller.abort(new Error("the run was cancelled"));
    await expect(pending).rejects.toThrow("the run was cancelled");
  });
});

import { InvokeCommand, type InvokeCommandOutput } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { localCommand } from "../../src/cli/commands/local.ts";
import { main } from "../../src/cli/main.ts";
import { lambdaClient, localBedrock } from "../helpers/local-bedrock.ts";

const CLAIMS = "tools/bedrock-agent-handlers/claims.mjs";

const functionEvent = (fn: string, parameters: { name: string; type: string; value: string }[]) => ({
  messageVersion: "1.0",
  agent: { name: "claims-agent", id: "AGENT12345", alias: "TSTALIASID", version: "DRAFT" },
  inputText: "What is my deductible?",
  sessionId: "s-1",
  actionGroup: "PolicyLookup",
  function: fn,
  parameters,
  sessionAttributes: {},
  promptSessionAttributes: {},
});

const payloadOf = (output: InvokeCommandOutput) =>
  JSON.parse(Buffer.from(output.Payload ?? new Uint8Array()).toString("utf8"));

async function withFunctions(functions: Parameters<typeof localBedrock>[0]) {
  const server = await localBedrock(functions);
  return { server, client: lambdaClient(server.url) };
}

describe("Lambda Invoke on the local Bedrock", () => {
  it("runs a handler module with the event as payload, by name, name:$LATEST or ARN", async () => {
    const { server, client } = await withFunctions({ lambdaFunctions: { "policy-actions": CLAIMS } });
    const event = functionEvent("getPolicy", [{ name: "policyNumber", type: "string", value: "POL-77812" }]);
    for (const FunctionName of [
      "policy-actions",
      "policy-actions:$LATEST",
      "arn:aws:lambda:us-east-1:000000000000:function:policy-actions",
    ]) {
      const output = await client.send(
        new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(event)), LogType: "Tail" }),
      );
      expect(output.StatusCode).toBe(200);
      expect(output.FunctionError).toBeUndefined();
      expect(output.ExecutedVersion).toBe("$LATEST");
      const payload = payloadOf(output);
      expect(payload.messageVersion).toBe("1.0");
      expect(JSON.parse(payload.response.functionResponse.responseBody.TEXT.body)).toMatchObject({
        policyNumber: "POL-77812",
        deductible: 500,
      });
      expect(payload.sessionAttributes).toEqual({ policyHolderId: "PH-310" });
      const log = Buffer.from(output.LogResult ?? "", "base64").toString("utf8");
      expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\n/);
      expect(log).toMatch(/REPORT RequestId: .*Duration: [\d.]+ ms/);
    }
    expect(server.requests.all("Invoke")).toHaveLength(3);
  });

  it("answers an unknown function or qualifier with ResourceNotFoundException (404), as Lambda does", async () => {
    const { server, client } = await withFunctions({ lambdaFunctions: { "policy-actions": CLAIMS } });
    await expect(
      client.send(new InvokeCommand({ FunctionName: "nope", Payload: Buffer.from("{}") })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      client.send(
        new InvokeCommand({ FunctionName: "policy-actions", Qualifier: "live", Payload: Buffer.from("{}") }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", message: /function:policy-actions:live$/ });
    expect(server.requests.all("Invoke").map((entry) => entry.status)).toEqual([404, 404]);
  });

  it("answers a handler that throws with 200, X-Amz-Function-Error: Unhandled and Lambda's error payload", async () => {
    const { client } = await withFunctions({
      lambdaFunctions: {
        broken: async () => {
          throw new TypeError("Cannot read properties of undefined (reading 'claimId')");
        },
      },
    });
    const output = await client.send(
      new InvokeCommand({ FunctionName: "broken", Payload: Buffer.from("{}") }),
    );
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe("Unhandled");
    const payload = payloadOf(output);
    expect(payload).toMatchObject({
      errorType: "TypeError",
      errorMessage: "Cannot read properties of undefined (reading 'claimId')",
    });
    expect(payload.trace[0]).toBe("TypeError: Cannot read properties of undefined (reading 'claimId')");
  });

  it("ends a handler at the function's timeout with Lambda's Sandbox.Timedout error", async () => {
    const { client } = await withFunctions({
      lambdaFunctions: {
        slow: {
          handler: async (_event, context) => {
            await new Promise((resolve) => setTimeout(resolve, context.getRemainingTimeInMillis() + 500));
            return {};
          },
          timeoutMs: 100,
        },
      },
    });
    const output = await client.send(new InvokeCommand({ FunctionName: "slow", Payload: Buffer.from("{}") }));
    expect(output.FunctionError).toBe("Unhandled");
    expect(payloadOf(output)).toMatchObject({
      errorType: "Sandbox.Timedout",
      errorMessage: expect.stringMatching(/Task timed out after 0\.10 seconds$/),
    });
  });

  it("refuses a payload over 6 MB with RequestTooLargeException (413), and serves DryRun", async () => {
    const { client } = await withFunctions({ lambdaFunctions: { echo: async (event: unknown) => event } });
    const big = Buffer.from(JSON.stringify({ blob: "x".repeat(6_300_000) }));
    await expect(
      client.send(new InvokeCommand({ FunctionName: "echo", Payload: big })),
    ).rejects.toMatchObject({
      name: "RequestTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    const dry = await client.send(new InvokeCommand({ FunctionName: "echo", InvocationType: "DryRun" }));
    expect(dry.StatusCode).toBe(204);
    const echoed = await client.send(
      new InvokeCommand({ FunctionName: "echo", Payload: Buffer.from('{"a":1}') }),
    );
    expect(payloadOf(echoed)).toEqual({ a: 1 });
  });

  it("throttles invocations over a function's reserved concurrency with TooManyRequestsException (429)", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const { client } = await withFunctions({
      lambdaFunctions: {
        one: {
          handler: async () => {
            entered();
            await gate;
            return { ok: true };
          },
          reservedConcurrency: 1,
        },
        none: { handler: async () => ({}), reservedConcurrency: 0 },
      },
    });
    const throttled = {
      name: "TooManyRequestsException",
      Reason: "ReservedFunctionConcurrentInvocationLimitExceeded",
      $metadata: { httpStatusCode: 429 },
    };
    await expect(client.send(new InvokeCommand({ FunctionName: "none" }))).rejects.toMatchObject(throttled);
    const first = client.send(new InvokeCommand({ FunctionName: "one" }));
    await inside;
    await expect(client.send(new InvokeCommand({ FunctionName: "one" }))).rejects.toMatchObject(throttled);
    release();
    expect(payloadOf(await first)).toEqual({ ok: true });
    expect(payloadOf(await client.send(new InvokeCommand({ FunctionName: "one" })))).toEqual({ ok: true });
  });

  it("glassbox local --lambda serves a handler module, and refuses a bad flag or module", async () => {
    const out = { stdout: "", stderr: "" };
    const io = {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      env: {},
    };
    let stop: (value?: unknown) => void = () => {};
    const stopped = new Promise((resolve) => {
      stop = resolve;
    });
    const running = localCommand(["--port", "0", "--lambda", `policy-actions=${CLAIMS}`], io, stopped);
    while (!/listening on (\S+)/.test(out.stdout)) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(out.stdout).toMatch(/Lambda function policy-actions/);
    const url = /listening on (\S+)/.exec(out.stdout)?.[1] as string;
    const event = functionEvent("getPolicy", [{ name: "policyNumber", type: "string", value: "POL-0" }]);
    const output = await lambdaClient(url).send(
      new InvokeCommand({ FunctionName: "policy-actions", Payload: Buffer.from(JSON.stringify(event)) }),
    );
    expect(payloadOf(output).response.functionResponse.responseState).toBe("REPROMPT");
    stop();
    expect(await running).toBe(0);

    const bad = { out: "", err: "" };
    const badIo = { stdout: (t: string) => (bad.out += t), stderr: (t: string) => (bad.err += t), env: {} };
    expect(await main(["local", "--lambda", "no-equals-sign"], badIo)).toBe(2);
    expect(bad.err).toMatch(/--lambda no-equals-sign: expected name=path/);
    expect(await main(["local", "--lambda", "x=./does/not/exist.mjs"], badIo)).toBe(2);
    expect(bad.err).toMatch(/Lambda handler module "\.\/does\/not\/exist\.mjs" cannot be loaded/);
  });
});

import { execFile } from "node:child_process";
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { decodeFrame, encodeEvent, encodeException } from "../../src/local/event-stream.ts";
import type { LocalModel } from "../../src/local/index.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const echo: LocalModel = (request) => {
  const last = request.messages.at(-1)?.content[0] as { text?: string };
  const text = `echo: ${last?.text ?? ""}`;
  return {
    content: [{ text }],
    stopReason: "end_turn",
    usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
  };
};

function sdk(url: string, http2 = false, faults?: object) {
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    ...(http2 ? {} : { requestHandler: new NodeHttpHandler() }),
  });
  if (faults) {
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers["x-glassbox-faults"] =
          JSON.stringify(faults);
        return next(args);
      },
      { step: "build" },
    );
  }
  return client;
}

const ask = (text: string, extra: Partial<ConverseCommandInput> = {}): ConverseCommandInput => ({
  modelId: MODEL,
  messages: [{ role: "user", content: [{ text }] }],
  ...extra,
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined) {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

describe("local Bedrock wire protocol (real AWS SDK)", () => {
  it.each([
    ["HTTP/1.1", false],
    ["cleartext HTTP/2", true],
  ])("answers Converse over %s with unique request ids", async (_name, http2) => {
    const server = await localBedrock({ model: echo });
    const client = sdk(server.url, http2);
    const first = await client.send(new ConverseCommand(ask("hello")));
    const second = await client.send(new ConverseCommand(ask("again")));
    expect(first.output?.message?.content?.[0]?.text).toBe("echo: hello");
    expect(first.stopReason).toBe("end_turn");
    // Input is billed by the server ("hello" and the turn's overhead), output as the model said.
    expect(first.usage).toEqual({ inputTokens: 4, outputTokens: 2, totalTokens: 6 });
    expect(first.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(first.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.$metadata.requestId).not.toBe(second.$metadata.requestId);
    expect(server.requests.all("Converse")[0]?.modelId).toBe(MODEL);
    client.destroy();
  });

  it.each([
    ["HTTP/1.1", false],
    ["cleartext HTTP/2", true],
  ])("streams text and tool calls with event-stream framing over %s", async (_name, http2) => {
    const server = await localBedrock({
      model: echo,
      script: [
        { text: "one two three four five six seven" },
        { toolUse: [{ name: "calc", input: { expression: "1+2" }, toolUseId: "tooluse_1" }] },
      ],
    });
    const client = sdk(server.url, http2);
    const text = await client.send(new ConverseStreamCommand(ask("hi")));
    const events = await collect(text.stream);
    expect(Object.keys(events[0] ?? {})).toEqual(["messageStart"]);
    const deltas = events.flatMap((event) =>
      event.contentBlockDelta?.delta?.text ? [event.contentBlockDelta.delta.text] : [],
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("one two three four five six seven");
    expect(events.at(-2)?.messageStop?.stopReason).toBe("end_turn");
    expect(events.at(-1)?.metadata?.usage?.totalTokens).toBeGreaterThan(0);

    const tools = { tools: [{ toolSpec: { name: "calc", inputSchema: { json: { type: "object" } } } }] };
    const tool = await client.send(new ConverseStreamCommand(ask("calc", { toolConfig: tools as never })));
    const toolEvents = await collect(tool.stream);
    const start = toolEvents.find((event) => event.contentBlockStart)?.contentBlockStart;
    expect(start?.start?.toolUse).toEqual({ toolUseId: "tooluse_1", name: "calc" });
    const fragments = toolEvents.flatMap((event) =>
      event.contentBlockDelta?.delta?.toolUse ? [event.contentBlockDelta.delta.toolUse.input] : [],
    );
    expect(fragments.length).toBeGreaterThan(1);
    expect(JSON.parse(fragments.join(""))).toEqual({ expression: "1+2" });
    expect(toolEvents.find((event) => event.messageStop)?.messageStop?.stopReason).toBe("tool_use");
    client.destroy();
  });

  it.each([
    ["blank text", ask(" "), /text field in the ContentBlock object at messages\.0\.content\.0 is blank/],
    [
      "assistant first",
      { modelId: MODEL, messages: [{ role: "assistant" as const, content: [{ text: "hi" }] }] },
      /must start with a user message/,
    ],
    [
      "roles not alternating",
      {
        modelId: MODEL,
        messages: [
          { role: "user" as const, content: [{ text: "a" }] },
          { role: "user" as const, content: [{ text: "b" }] },
        ],
      },
      /must alternate between user and assistant/,
    ],
    [
      "tool blocks without toolConfig",
      {
        modelId: MODEL,
        messages: [
          { role: "user" as const, content: [{ text: "a" }] },
          { role: "assistant" as const, content: [{ toolUse: { toolUseId: "t1", name: "x", input: {} } }] },
          { role: "user" as const, content: [{ toolResult: { toolUseId: "t1", content: [{ text: "r" }] } }] },
        ],
      },
      /toolConfig field must be defined/,
    ],
    [
      "unknown model",
      { ...ask("hi"), modelId: "acme.nothing-v1:0" },
      /The provided model identifier is invalid\./,
    ],
    [
      "temperature out of range",
      ask("hi", { inferenceConfig: { temperature: 3 } }),
      /inferenceConfig\.temperature/,
    ],
  ])("rejects %s with a ValidationException", async (_name, input, message) => {
    const server = await localBedrock({ model: echo });
    const error = (await sdk(server.url)
      .send(new ConverseCommand(input as ConverseCommandInput))
      .catch((e: unknown) => e)) as {
      name: string;
      message: string;
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).toBe("ValidationException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(message);
  });

  it("checks that tool results answer the previous turn's tool calls", async () => {
    const server = await localBedrock({ model: echo });
    const toolConfig = { tools: [{ toolSpec: { name: "x", inputSchema: { json: { type: "object" } } } }] };
    const input = {
      modelId: MODEL,
      toolConfig,
      messages: [
        { role: "user", content: [{ text: "a" }] },
        {
          role: "assistant",
          content: [
            { toolUse: { toolUseId: "t1", name: "x", input: {} } },
            { toolUse: { toolUseId: "t2", name: "x", input: {} } },
          ],
        },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "r" }] } }] },
      ],
    };
    await expect(sdk(server.url).send(new ConverseCommand(input as never))).rejects.toThrow(
      /Expected toolResult blocks at messages\.2\.content for the following Ids: t2/,
    );
  });

  it.each([
    ["ThrottlingException", 429],
    ["ModelNotReadyException", 429],
    ["InternalServerException", 500],
    ["ServiceUnavailableException", 503],
    ["AccessDeniedException", 403],
    ["ModelTimeoutException", 408],
  ])("maps a scripted %s to the SDK error with status %i", async (type, status) => {
    const server = await localBedrock({
      model: echo,
      script: [{ error: { type: type as never, message: `scripted ${type}` } }],
    });
    const error = (await sdk(server.url)
      .send(new ConverseCommand(ask("hi")))
      .catch((e: unknown) => e)) as {
      name: string;
      message: string;
      $metadata: { httpStatusCode: number };
    };
    expect(error.name).toBe(type);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.message).toBe(`scripted ${type}`);
  });

  it("injects throttling, errors and latency per server and per request, reproducibly", async () => {
    const server = await localBedrock({ model: echo, faults: { throttleRate: 0.5, seed: 7 } });
    const client = sdk(server.url);
    const outcome = async () => {
      const results: string[] = [];
      for (let i = 0; i < 20; i++) {
        results.push(
          await client.send(new ConverseCommand(ask("hi"))).then(
            () => "ok",
            (e: Error) => e.name,
          ),
        );
      }
      return results;
    };
    const first = await outcome();
    expect(first.filter((r) => r === "ThrottlingException").length).toBeGreaterThan(3);
    expect(first.filter((r) => r === "ok").length).toBeGreaterThan(3);
    server.setFaults({ throttleRate: 0.5, seed: 7 });
    expect(await outcome()).toEqual(first);

    server.setFaults({});
    const slow = sdk(server.url, false, { latencyMs: 150 });
    const started = performance.now();
    await slow.send(new ConverseCommand(ask("hi")));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const failing = sdk(server.url, false, { errorRate: 1, errorType: "ServiceUnavailableException" });
    await expect(failing.send(new ConverseCommand(ask("hi")))).rejects.toMatchObject({
      name: "ServiceUnavailableException",
    });
    const bad = sdk(server.url, false, { throttleRate: 7 });
    await expect(bad.send(new ConverseCommand(ask("hi")))).rejects.toThrow(/x-glassbox-faults\.throttleRate/);
  });

  it("fails a stream mid-way after delivering the first events", async () => {
    const server = await localBedrock({
      model: echo,
      script: [{ text: "a b c d e f g h i", midStreamError: { afterEvents: 2 } }],
    });
    const response = await sdk(server.url).send(new ConverseStreamCommand(ask("hi")));
    const seen: ConverseStreamOutput[] = [];
    const error = await (async () => {
      for await (const event of response.stream ?? []) seen.push(event);
    })().catch((e: unknown) => e as Error);
    expect(seen).toHaveLength(2);
    expect(error?.name).toBe("ModelStreamErrorException");
  });

  it("answers scripted steps in order and says when the script is exhausted", async () => {
    const server = await localBedrock({ model: echo, script: [{ text: "first" }, { text: "second" }] });
    const client = sdk(server.url);
    expect((await client.send(new ConverseCommand(ask("x")))).output?.message?.content?.[0]?.text).toBe(
      "first",
    );
    expect((await client.send(new ConverseCommand(ask("x")))).output?.message?.content?.[0]?.text).toBe(
      "second",
    );
    await expect(client.send(new ConverseCommand(ask("x")))).rejects.toThrow(
      "local script exhausted: 2 steps were consumed",
    );
  });

  it("answers unknown operations with a 404 and serves added routes", async () => {
    const server = await localBedrock({ model: echo });
    const missing = await fetch(`${server.url}/example/g1/version/1/op`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-amzn-errortype")).toMatch(/^UnknownOperationException:/);
    server.addRoute({
      method: "POST",
      pattern: /^\/example\/([^/]+)\/version\/([^/]+)\/op$/,
      operation: "ExampleOperation",
      async handle({ res, params }) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ action: "NONE", id: params[0] }));
      },
    });
    const found = await fetch(`${server.url}/example/g1/version/1/op`, { method: "POST", body: "{}" });
    expect(await found.json()).toEqual({ action: "NONE", id: "g1" });
  });

  it("works under @langchain/aws ChatBedrockConverse, invoke and stream", async () => {
    const server = await localBedrock({ model: echo });
    const model = new ChatBedrockConverse({ model: MODEL, region: "us-east-1", client: sdk(server.url) });
    const message = await model.invoke("ping");
    expect(message.content).toBe("echo: ping");
    let streamed = "";
    for await (const chunk of await model.stream("pong"))
      streamed += typeof chunk.content === "string" ? chunk.content : "";
    expect(streamed).toBe("echo: pong");
  });

  it("speaks the same protocol to boto3, an independent AWS client", async () => {
    const server = await localBedrock({ model: echo });
    const script = `
import boto3, json
c = boto3.client("bedrock-runtime", endpoint_url="${server.url}", region_name="us-east-1",
                 aws_access_key_id="local", aws_secret_access_key="local")
r = c.converse(modelId="${MODEL}", messages=[{"role": "user", "content": [{"text": "from python"}]}])
s = c.converse_stream(modelId="${MODEL}", messages=[{"role": "user", "content": [{"text": "streamed"}]}])
text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in s["stream"] if "contentBlockDelta" in e)
print(json.dumps({"converse": r["output"]["message"]["content"][0]["text"], "stop": r["stopReason"], "stream": text}))
`;
    const output = await new Promise<string>((resolve, reject) =>
      execFile("python3", ["-c", script], { timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    expect(JSON.parse(output)).toEqual({
      converse: "echo: from python",
      stop: "end_turn",
      stream: "echo: streamed",
    });
  });
});

describe("event-stream frames", () => {
  it("round-trips events and exceptions with their headers", () => {
    const event = decodeFrame(
      encodeEvent("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "hi" } }),
    );
    expect(event.headers).toEqual({
      ":message-type": "event",
      ":event-type": "contentBlockDelta",
      ":content-type": "application/json",
    });
    expect(event.payload).toEqual({ contentBlockIndex: 0, delta: { text: "hi" } });
    const exception = decodeFrame(encodeException("throttlingException", { message: "slow down" }));
    expect(exception.headers[":message-type"]).toBe("exception");
    expect(exception.headers[":exception-type"]).toBe("throttlingException");
  });
});

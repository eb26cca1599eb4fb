import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createAgent, createLogger, type Tool, withApproval } from "../../src/index.ts";
import { handler, streamingHandler } from "../../src/lambda/index.ts";
import type { LocalBedrockOptions } from "../../src/local/index.ts";
import { calculator } from "../../tools/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { gatedTool, type Json, parseSse, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";
type Event = Json;
const fixture = (name: string): Event =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", `${name}.json`), "utf8"));
const context = {
  awsRequestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
  getRemainingTimeInMillis: () => 60_000,
};

async function toolAgent(script?: LocalBedrockOptions["script"], tools: Tool[] = [calculator as Tool]) {
  const local = await localBedrock(script ? { script } : {});
  return createAgent({
    model: localModel(local, { retry: { maxAttempts: 1 } }),
    tools,
    checkpointer: new MemorySaver(),
  });
}

/**
 * The response stream as the Node.js Lambda runtime hands it over (a Writable with `setContentType`),
 * decoded the way a function URL reads it: the content type, the JSON prelude up to eight NUL bytes, the body.
 */
function responseStream() {
  const chunks: Buffer[] = [];
  let contentType = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    {
      setContentType(type: string) {
        contentType = type;
      },
    },
  );
  const finished = new Promise<void>((resolve) => stream.on("finish", () => resolve()));
  return {
    stream,
    async response() {
      await finished;
      const all = Buffer.concat(chunks);
      const delimiter = all.indexOf(Buffer.alloc(8));
      return {
        contentType,
        prelude: JSON.parse(all.subarray(0, delimiter).toString()) as {
          statusCode: number;
          headers: Record<string, string>;
        },
        body: all.subarray(delimiter + 8).toString(),
      };
    },
  };
}

describe("handler(agent) with recorded API Gateway and function URL events", () => {
  it("answers a REST API proxy event (payload 1.0) with the JSON result", async () => {
    const event = fixture("apigateway-rest-proxy");
    const session = sessionId();
    event.headers["X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"] = session;
    const response = (await handler(await toolAgent())(event, context)) as Json;
    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(false);
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.headers[SESSION]).toBe(session);
    const body = JSON.parse(response.body);
    expect(body.answer).toContain("409.8");
    expect(body.requestId).toBe("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
  });

  it("answers an HTTP API payload 2.0 event, and continues the session on the next event", async () => {
    const agent = await toolAgent([{ text: "Hello Ada." }, { text: "You are Ada." }]);
    const lambda = handler(agent);
    const session = sessionId();
    const turn = (prompt: string) => {
      const event = fixture("apigateway-http-v2");
      event.headers[SESSION] = session;
      event.requestContext.requestId = randomUUID(); // API Gateway gives every request its own id
      event.body = JSON.stringify({ prompt });
      return lambda(event, context) as Promise<Json>;
    };
    await turn("I am Ada");
    const second = await turn("Who am I?");
    expect(JSON.parse(second.body).answer).toBe("You are Ada.");
  });

  it("decodes a base64 function URL body and returns the run's events as one SSE body", async () => {
    const response = (await handler(await toolAgent())(fixture("function-url"), context)) as Json;
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(response.body);
    expect(events.at(-1)?.event).toBe("done");
    expect(events.map((event) => event.event)).toContain("action");
  });

  it("answers bad bodies with 400 naming the field, other methods with 405, and GET …/ping", async () => {
    const lambda = handler(await toolAgent([{ text: "unused" }]));
    const bad = fixture("apigateway-http-v2");
    bad.body = JSON.stringify({ prompt: 7 });
    const refused = (await lambda(bad, context)) as Json;
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).fieldList[0].name).toBe("prompt");
    const put = fixture("apigateway-rest-proxy");
    put.httpMethod = "PUT";
    expect(((await lambda(put, context)) as Json).statusCode).toBe(405);
    const ping = fixture("apigateway-rest-proxy");
    ping.httpMethod = "GET";
    ping.path = "/prod/ping";
    ping.body = null;
    const pong = (await lambda(ping, context)) as Json;
    expect(pong.statusCode).toBe(200);
    expect(JSON.parse(pong.body).status).toBe("Healthy");
  });

  it("pauses for an approval in one event and resumes it in the next", async () => {
    const pay = gatedTool("pay");
    const agent = await toolAgent(
      [{ toolUse: [{ name: "pay", input: { value: 5 }, toolUseId: "tooluse_pay" }] }, { text: "Paid." }],
      [withApproval(pay.tool)],
    );
    const lambda = handler(agent);
    const session = sessionId();
    const send = (payload: unknown) => {
      const event = fixture("apigateway-http-v2");
      event.headers[SESSION] = session;
      event.requestContext.requestId = randomUUID();
      event.body = JSON.stringify(payload);
      return lambda(event, context) as Promise<Json>;
    };
    const paused = JSON.parse((await send({ prompt: "pay 5" })).body);
    expect(paused.paused.calls[0].id).toBe("tooluse_pay");
    expect(paused.returnControl).toBeUndefined(); // a plain tool's approval has no returnControl form
    const done = JSON.parse(
      (await send({ resume: { decisions: { tooluse_pay: { type: "approve" } } } })).body,
    );
    expect(done.answer).toBe("Paid.");
    expect(pay.calls).toEqual(["tooluse_pay"]);
  });

  it("takes a direct Invoke whose event is the payload and returns the result object", async () => {
    const result = (await handler(await toolAgent())({ prompt: "What is 2 + 2?" }, context)) as Json;
    expect(result.answer).toContain("4");
    await expect(handler(await toolAgent())({ prompt: 1 }, context)).rejects.toThrow("prompt");
  });

  it("stops a run before the function times out, with a 504 that says how to continue", async () => {
    const wait = gatedTool("wait", new Promise(() => {}));
    const agent = await toolAgent([{ toolUse: [{ name: "wait", input: {} }] }], [wait.tool]);
    const event = fixture("apigateway-http-v2");
    event.body = JSON.stringify({ prompt: "wait" });
    const response = (await handler(agent, { marginMs: 0 })(event, {
      getRemainingTimeInMillis: () => 300,
    })) as Json;
    expect(response.statusCode).toBe(504);
    expect(JSON.parse(response.body).message).toContain('"continue": true');
  });
});

describe("streamingHandler(agent) (Lambda response streaming)", () => {
  it("is marked for response streaming, writes the HTTP prelude, then the SSE events as they happen", async () => {
    const lambda = streamingHandler(await toolAgent());
    expect(
      (lambda as unknown as Record<symbol, unknown>)[Symbol.for("aws.lambda.runtime.handler.streaming")],
    ).toBe("response");
    const out = responseStream();
    await lambda(fixture("function-url"), out.stream, context);
    const response = await out.response();
    expect(response.contentType).toBe("application/vnd.awslambda.http-integration-response");
    expect(response.prelude.statusCode).toBe(200);
    expect(response.prelude.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(response.body);
    expect(events.map((event) => event.event)).toEqual(
      expect.arrayContaining(["token", "action", "observation"]),
    );
    expect(events.at(-1)?.data.result).toMatchObject({ outcome: "answered" });
  });

  it("sends the JSON result, or an error status, in the prelude when the client does not ask for SSE", async () => {
    const lambda = streamingHandler(await toolAgent([{ text: "plain" }]));
    const event = fixture("function-url");
    event.headers.accept = "application/json";
    const ok = responseStream();
    await lambda(event, ok.stream, context);
    const okResponse = await ok.response();
    expect(okResponse.prelude.statusCode).toBe(200);
    expect(JSON.parse(okResponse.body).answer).toBe("plain");
    const bad = fixture("function-url");
    bad.body = Buffer.from('{"resume":{}}').toString("base64");
    const refused = responseStream();
    await lambda(bad, refused.stream, context);
    const badResponse = await refused.response();
    expect(badResponse.prelude.statusCode).toBe(400);
    expect(JSON.parse(badResponse.body).fieldList[0].name).toBe("resume.decisions");
  });
});

describe("the access log of Lambda invocations", () => {
  const capture = () => {
    const lines: Json[] = [];
    const logger = createLogger({
      name: "glassbox.lambda",
      format: "json",
      write: (line) => lines.push(JSON.parse(line)),
    });
    return { lines, logger };
  };

  it("writes one request line per invocation with ids, status, outcome and duration, never the payload or answer", async () => {
    const { lines, logger } = capture();
    const lambda = handler(await toolAgent(), { logger });
    const event = fixture("apigateway-rest-proxy");
    const session = sessionId();
    event.headers["X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"] = session;
    await lambda(event, context);
    const bad = fixture("apigateway-http-v2");
    bad.body = JSON.stringify({ prompt: 7 });
    await lambda(bad, context);
    const ping = fixture("apigateway-rest-proxy");
    ping.httpMethod = "GET";
    ping.path = "/prod/ping";
    ping.body = null;
    await lambda(ping, context);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: "info",
      logger: "glassbox.lambda",
      msg: "request",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      method: "POST",
      status: 200,
      sessionId: session,
      mode: "json",
      outcome: "answered",
    });
    expect(lines[0]?.durationMs).toBeGreaterThan(0);
    expect(lines[0]?.bytesOut).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ level: "warn", status: 400, outcome: "INVOCATION_INVALID" });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("409.8");
    expect(text).not.toContain("2,340");
  });

  it("logs a streamed invocation once it ends, and a direct Invoke", async () => {
    const { lines, logger } = capture();
    const agent = await toolAgent();
    const out = responseStream();
    await streamingHandler(agent, { logger })(fixture("function-url"), out.stream, context);
    await out.response();
    await handler(agent, { logger })({ prompt: "What is 2 + 2?" }, context);
    expect(lines.map((line) => [line.method, line.mode, line.status, line.outcome])).toEqual([
      ["POST", "sse", 200, "answered"],
      ["INVOKE", undefined, 200, "answered"],
    ]);
    expect(lines[1]?.requestId).toBe(context.awsRequestId);
  });
});

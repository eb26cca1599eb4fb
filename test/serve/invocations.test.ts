import { describe, expect, it } from "vitest";
import { calculator } from "../../tools/index.ts";
import { converseBodies } from "../helpers/local-bedrock.ts";
import { invoke, jsonOf, parseSse, servedAgent, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";
const QUESTION = "What is 17% of 2,340 plus 12?";

describe("POST /invocations (JSON)", () => {
  it("answers a prompt with the run's result, its request id and session id", async () => {
    const { url } = await servedAgent({ agent: { tools: [calculator] } });
    const session = sessionId();
    const response = await invoke(url, { prompt: QUESTION }, { [SESSION]: session });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get(SESSION)).toBe(session);
    const requestId = response.headers.get("x-amzn-bedrock-agentcore-runtime-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await jsonOf(response);
    expect(body).toMatchObject({ outcome: "answered", sessionId: session, requestId });
    expect(body.answer).toContain("409.8");
    expect(body.steps.map((step: { kind: string }) => step.kind)).toEqual([
      "thought",
      "action",
      "observation",
      "thought",
    ]);
    expect(body.messages).toBeUndefined();
  });

  it("gives a new session id when none is sent, and continues it on the next turn", async () => {
    const { url, local } = await servedAgent({ script: [{ text: "Hello Ada." }, { text: "You are Ada." }] });
    const first = await invoke(url, { prompt: "I am Ada" });
    const session = first.headers.get(SESSION) ?? "";
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const second = await invoke(url, { prompt: "Who am I?" }, { [SESSION]: session });
    expect((await jsonOf(second)).answer).toBe("You are Ada.");
    const [, secondCall] = converseBodies(local, "ConverseStream") as Array<{ messages: unknown[] }>;
    expect(secondCall?.messages).toEqual([
      { role: "user", content: [{ text: "I am Ada" }] },
      { role: "assistant", content: [{ text: "Hello Ada." }] },
      { role: "user", content: [{ text: "Who am I?" }] },
    ]);
  });

  it("takes the session id from the payload when the header is absent", async () => {
    const { url } = await servedAgent({ script: [{ text: "ok" }] });
    const session = sessionId();
    const response = await invoke(url, { prompt: "hi", sessionId: session });
    expect(response.headers.get(SESSION)).toBe(session);
  });

  it("treats a retry with the same request id as the same turn: no second message, no model call", async () => {
    const { url, local } = await servedAgent({ script: [{ text: "Only once." }] });
    const headers = { [SESSION]: sessionId(), "x-request-id": "req-retry-1" };
    const first = await jsonOf(await invoke(url, { prompt: "hello" }, headers));
    const retry = await invoke(url, { prompt: "hello" }, headers);
    expect(retry.status).toBe(200);
    expect((await jsonOf(retry)).answer).toBe(first.answer);
    expect(local.requests.all("ConverseStream")).toHaveLength(1);
  });

  it("refuses a request id that already sent an earlier turn of the session", async () => {
    const { url } = await servedAgent({ script: [{ text: "one" }, { text: "two" }] });
    const session = sessionId();
    await invoke(url, { prompt: "first" }, { [SESSION]: session, "x-request-id": "req-a" });
    await invoke(url, { prompt: "second" }, { [SESSION]: session, "x-request-id": "req-b" });
    const reused = await invoke(url, { prompt: "third" }, { [SESSION]: session, "x-request-id": "req-a" });
    expect(reused.status).toBe(409);
    expect((await jsonOf(reused)).reason).toBe("RequestIdReused");
  });
});

describe("POST /invocations (server-sent events)", () => {
  it("streams token, thought, action, observation and done events when the client accepts text/event-stream", async () => {
    const { url } = await servedAgent({ agent: { tools: [calculator] } });
    const response = await invoke(
      url,
      { prompt: QUESTION },
      { accept: "text/event-stream", [SESSION]: sessionId() },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = parseSse(await response.text());
    const kinds = [...new Set(events.map((event) => event.event))];
    expect(kinds).toEqual(["token", "thought", "action", "observation", "done"]);
    for (const event of events) expect(event.data.type).toBe(event.event);
    const done = events.at(-1)?.data as { result: { answer: string; outcome: string } };
    expect(done.result.outcome).toBe("answered");
    expect(done.result.answer).toContain("409.8");
    const tokens = events.filter((event) => event.event === "token").map((event) => event.data.text);
    expect(tokens.join("")).toContain("409.8");
  });

  it("ends the stream with an error event when the run fails after streaming began", async () => {
    const { url } = await servedAgent({
      script: [
        { toolUse: [{ name: "calculator", input: { expression: "1+1" } }] },
        { error: { type: "InternalServerException" } },
      ],
      agent: { tools: [calculator] },
    });
    const response = await invoke(url, { prompt: "add" }, { accept: "text/event-stream" });
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toContain("observation");
    const last = events.at(-1);
    expect(last?.event).toBe("error");
    expect(last?.data).toMatchObject({ type: "error", code: "RETRY_EXHAUSTED", status: 502 });
    expect(events.some((event) => event.event === "done")).toBe(false);
  });

  it("answers with the HTTP status, not a stream, when the thread cannot take the request", async () => {
    const { url } = await servedAgent({ script: [{ text: "unused" }] });
    const response = await invoke(
      url,
      { continue: true },
      { accept: "text/event-stream", [SESSION]: sessionId() },
    );
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect((await jsonOf(response)).reason).toBe("NothingToContinue");
  });
});

describe("bad requests", () => {
  const cases: Array<[string, unknown, Record<string, string>, number, string]> = [
    ["body that is not JSON", "{prompt: hi", {}, 400, "body"],
    ["JSON that is not an object", "[1,2]", {}, 400, "body"],
    ["no prompt, resume or continue", {}, {}, 400, "prompt"],
    ["a prompt that is not a string", { prompt: 42 }, {}, 400, "prompt"],
    ["an empty prompt", { prompt: "  " }, {}, 400, "prompt"],
    ["prompt and continue together", { prompt: "hi", continue: true }, {}, 400, "continue"],
    ["an unknown field", { prompt: "hi", temperature: 2 }, {}, 400, "temperature"],
    [
      "a decision of an unknown type",
      { resume: { decisions: { t1: { type: "maybe" } } } },
      {},
      400,
      "resume.decisions.t1.type",
    ],
    [
      "bad requestMetadata",
      { prompt: "hi", requestMetadata: { team: "a|b" } },
      {},
      400,
      "requestMetadata.team",
    ],
    [
      "a session id shorter than AgentCore's 33 characters",
      { prompt: "hi" },
      { [SESSION]: "short" },
      400,
      SESSION,
    ],
    ["a malformed request id", { prompt: "hi" }, { "x-request-id": "a b" }, 400, "x-request-id"],
  ];
  it.each(cases)("400 for %s, naming the field", async (_name, body, headers, status, field) => {
    const { url } = await servedAgent({ script: [{ text: "unused" }] });
    const response = await invoke(url, body, headers);
    expect(response.status).toBe(status);
    const json = await jsonOf(response);
    expect(json.code).toBe("INVOCATION_INVALID");
    expect(json.fieldList.map((entry: { name: string }) => entry.name)).toContain(field);
    expect(json.message).toContain(field);
    expect(json.requestId).toBeTruthy();
  });

  it("415 for a body that is not application/json, 413 over the payload limit, 404 and 405", async () => {
    const { url } = await servedAgent({ script: [{ text: "unused" }], serve: { maxPayloadBytes: 1024 } });
    const form = await fetch(`${url}/invocations`, {
      method: "POST",
      body: "prompt=hi",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect((await jsonOf(form)).message).toContain("content-type");
    const big = await invoke(url, { prompt: "x".repeat(2000) });
    expect(big.status).toBe(413);
    expect((await jsonOf(big)).reason).toBe("PayloadTooLarge");
    const missing = await fetch(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${url}/invocations`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("refuses a payload over the limit even without content-length (streamed upload)", async () => {
    const { url } = await servedAgent({ script: [{ text: "unused" }], serve: { maxPayloadBytes: 1024 } });
    const chunks = [Buffer.from('{"prompt":"'), Buffer.alloc(4096, "x"), Buffer.from('"}')];
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${url}/invocations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("408 for a body that does not arrive in time (a slow upload does not hold its slot)", async () => {
    const { url } = await servedAgent({ script: [{ text: "unused" }], serve: { bodyTimeoutMs: 200 } });
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/invocations`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "100" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write('{"prompt":');
    });
    expect(status).toBe(408);
  });
});

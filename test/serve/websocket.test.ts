import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { calculator } from "../../tools/index.ts";
import { untilCancelledTool } from "../helpers/cancellable-tool.ts";
import { type Json, servedAgent, sessionId } from "../helpers/serve.ts";

const SESSION = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";

/** Opens a WebSocket and collects its messages as JSON. */
async function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const messages: Json[] = [];
  let waiter: (() => void) | undefined;
  ws.on("message", (data) => {
    messages.push(JSON.parse(data.toString()));
    waiter?.();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return {
    ws,
    messages,
    /** Waits until a message of this type has arrived (after `from`). */
    async until(type: string, from = 0): Promise<Json> {
      for (;;) {
        const found = messages.slice(from).find((message) => message.type === type);
        if (found) return found;
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
      }
    },
  };
}

describe("GET /ws", () => {
  it("runs each text message as an invocation and streams its events, then continues the session", async () => {
    const { url } = await servedAgent({ agent: { tools: [calculator] } });
    const session = sessionId();
    const client = await connect(`${url.replace("http", "ws")}/ws`, { [SESSION]: session });
    client.ws.send(JSON.stringify({ prompt: "What is 17% of 2,340 plus 12?" }));
    const done = await client.until("done");
    expect(done.result.answer).toContain("409.8");
    expect(done.result.sessionId).toBe(session);
    const types = [...new Set(client.messages.map((message) => message.type))];
    expect(types).toEqual(["token", "thought", "action", "observation", "done"]);

    const from = client.messages.length;
    client.ws.send(JSON.stringify({ prompt: "What is 2 + 2?" }));
    const second = await client.until("done", from);
    expect(second.result.answer).toContain("4");
    client.ws.close();
  });

  it("takes the session id from the query string and answers bad payloads with an error message", async () => {
    const { url } = await servedAgent({ script: [{ text: "ok" }] });
    const session = sessionId();
    const client = await connect(`${url.replace("http", "ws")}/ws?${SESSION}=${session}`);
    client.ws.send("{not json");
    const error = await client.until("error");
    expect(error).toMatchObject({ status: 400, code: "INVOCATION_INVALID" });
    client.ws.send(JSON.stringify({ prompt: "hi" }));
    expect((await client.until("done")).result.sessionId).toBe(session);
    client.ws.close();
  });

  it("sends a message longer than AgentCore's 32 KB frame limit as continuation frames", async () => {
    const long = "x".repeat(100_000);
    const { url } = await servedAgent({ script: [{ text: long }] });
    const frames = await rawFrames(new URL(url), JSON.stringify({ prompt: "long" }));
    const payloads = frames.map((frame) => frame.payload.length);
    expect(Math.max(...payloads)).toBeLessThanOrEqual(32 * 1024);
    const done = frames.findIndex(
      (frame) => frame.opcode === 1 && frame.payload.toString().startsWith('{"type":"done"'),
    );
    const rest = frames.slice(done);
    const last = rest.findIndex((frame) => frame.fin);
    expect(last).toBeGreaterThan(1);
    expect(rest.slice(1, last + 1).every((frame) => frame.opcode === 0)).toBe(true);
    const message = JSON.parse(
      Buffer.concat(rest.slice(0, last + 1).map((frame) => frame.payload)).toString(),
    );
    expect(message.result.answer).toBe(long);
  });

  it("pings each connection and closes one whose peer stopped answering, ending its run", async () => {
    const wait = untilCancelledTool("wait");
    const { url } = await servedAgent({
      script: [{ toolUse: [{ name: "wait", input: {} }] }, { text: "never" }],
      agent: { tools: [wait.tool] },
      serve: { websocketPingMs: 50 },
    });
    const live = await connect(`${url.replace("http", "ws")}/ws`);
    let pings = 0;
    live.ws.on("ping", () => pings++);
    // A peer that no longer answers pings (autoPong off: as a dead client or a cut network looks).
    const dead = new WebSocket(`${url.replace("http", "ws")}/ws`, { autoPong: false });
    await new Promise((resolve) => dead.once("open", resolve));
    dead.send(JSON.stringify({ prompt: "wait for it" }));
    const closed = await new Promise<number>((resolve) => dead.once("close", resolve));
    expect(closed).toBe(1006);
    await expect.poll(wait.aborted).toBe(true);
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    live.ws.close();
  });

  it("refuses a WebSocket from a browser page of another origin", async () => {
    const { url } = await servedAgent({ script: [{ text: "ok" }] });
    await expect(
      connect(`${url.replace("http", "ws")}/ws`, { origin: "https://evil.example" }),
    ).rejects.toThrow("HTTP 403");
  });
});

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/**
 * A bare WebSocket client on a TCP socket (RFC 6455), to see the frames as sent: handshake, one text
 * message, then the server's frames until a `done` message ends.
 */
async function rawFrames(url: URL, message: string): Promise<Frame[]> {
  const { connect: tcp } = await import("node:net");
  const socket = tcp(Number(url.port), url.hostname);
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  const frames: Frame[] = [];
  return new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        if (!buffer.subarray(0, end).toString().startsWith("HTTP/1.1 101"))
          return reject(new Error("no upgrade"));
        buffer = buffer.subarray(end + 4);
        upgraded = true;
        const payload = Buffer.from(message);
        const mask = Buffer.from([1, 2, 3, 4]);
        const header = Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
        socket.write(Buffer.concat([header, mask, payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0))]));
      }
      for (;;) {
        if (buffer.length < 2) return;
        const first = buffer[0] ?? 0;
        let length = (buffer[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        frames.push({
          fin: (first & 0x80) !== 0,
          opcode: first & 0x0f,
          payload: buffer.subarray(offset, offset + length),
        });
        buffer = buffer.subarray(offset + length);
        const text = Buffer.concat(
          frames.slice(frames.findLastIndex((frame) => frame.opcode !== 0)).map((frame) => frame.payload),
        );
        if ((first & 0x80) !== 0 && text.toString().startsWith('{"type":"done"')) {
          socket.destroy();
          return resolve(frames);
        }
      }
    });
  });
}

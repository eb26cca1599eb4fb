import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import {
  BedrockAgentRuntimeClient,
  RetrieveAndGenerateCommand,
  RetrieveCommand,
} from "@aws-sdk/client-bedrock-agent-runtime";
import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach, describe, expect, it } from "vitest";
import { startRecordingProxy, startReplayServer } from "../../../src/local/index.ts";
import { sampleKnowledgeBase } from "../../../src/testing/index.ts";
import { tempDir } from "../../helpers/fixtures.ts";
import { defaultGuardrails } from "../../helpers/guardrails.ts";
import { localBedrock, sdkClient } from "../../helpers/local-bedrock.ts";

const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
/** The caller's credentials, as a user's environment would hold them: none may reach the cassette. */
const CALLER = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  sessionToken: "FwoGZXIvYXdzEJr//////////wEaDEXAMPLESESSIONTOKEN",
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function upstreamBedrock() {
  const kb = await sampleKnowledgeBase({
    id: "KB12345678",
    chunking: { chunkingStrategy: "NONE" },
    documents: [
      {
        id: "s3://acme/travel.md",
        uri: "s3://acme/travel.md",
        text: "Hotels are capped at 180 EUR per night.",
      },
      {
        id: "s3://acme/leave.md",
        uri: "s3://acme/leave.md",
        text: "Employees get 25 days of paid vacation.",
      },
    ],
  });
  return localBedrock({
    guardrails: defaultGuardrails({ id: "gr1abc2def3g", version: "1" }),
    knowledgeBases: (id) => (id === kb.id ? kb : undefined),
    script: [
      { text: "Four." },
      { text: "Still four." },
      {
        text: "Looking it up.",
        toolUse: [{ name: "lookup_order", input: { orderId: "A-1" }, toolUseId: "tooluse_abc123" }],
      },
      { text: "a partial answer that breaks off", midStreamError: { afterEvents: 2 } },
      { error: { type: "ThrottlingException" } },
      { text: "Slow answer.", latencyMs: 120 },
    ],
  });
}

const ask = (text: string, extra: Partial<ConverseCommandInput> = {}): ConverseCommandInput => ({
  modelId: MODEL,
  messages: [{ role: "user", content: [{ text }] }],
  inferenceConfig: { maxTokens: 200, temperature: 0.7 },
  requestMetadata: { team: "payments", costCenter: "cc-4711-private" },
  ...extra,
});

type Outcome = { ok: unknown } | { error: { name: string; message: string; status?: number } };

async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: withoutVolatileMetadata(await call()) };
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { error: { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode } };
  }
}

/** `$metadata` minus what the SDK counts itself (attempts, retry delay). */
function withoutVolatileMetadata(value: unknown): unknown {
  const { $metadata, ...rest } = value as { $metadata?: { requestId?: string; httpStatusCode?: number } };
  return { ...rest, requestId: $metadata?.requestId, status: $metadata?.httpStatusCode };
}

async function streamEvents(client: BedrockRuntimeClient, input: ConverseCommandInput): Promise<Outcome> {
  const events: unknown[] = [];
  try {
    const response = await client.send(new ConverseStreamCommand(input));
    for await (const event of response.stream ?? []) events.push(event);
    return { ok: { events, requestId: response.$metadata.requestId } };
  } catch (error) {
    return { ok: { events, error: (error as Error).name, message: (error as Error).message } };
  }
}

/** Every call of the scenario, in order, with what the SDK made of each answer. */
async function scenario(url: string) {
  // The runtime client keeps its default HTTP/2 handler (the proxy and the replayer speak h2c, streams
  // included); the agent-runtime client uses HTTP/1.1.
  const runtime = new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: CALLER,
    maxAttempts: 1,
  });
  const agentRuntime = new BedrockAgentRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    credentials: CALLER,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  try {
    return {
      converse: await outcome(() => runtime.send(new ConverseCommand(ask("What is 2+2?")))),
      again: await outcome(() => runtime.send(new ConverseCommand(ask("What is 2+2?")))),
      stream: await streamEvents(runtime, ask("Where is order A-1?")),
      midStream: await streamEvents(runtime, ask("Tell me a long story")),
      throttled: await outcome(() => runtime.send(new ConverseCommand(ask("Throttle me")))),
      slow: await outcome(() => runtime.send(new ConverseCommand(ask("Take your time")))),
      invalid: await outcome(() =>
        runtime.send(new ConverseCommand({ ...ask("hi"), modelId: "no-such-model" })),
      ),
      guardrail: await outcome(() =>
        runtime.send(
          new ApplyGuardrailCommand({
            guardrailIdentifier: "gr1abc2def3g",
            guardrailVersion: "1",
            source: "INPUT",
            content: [{ text: { text: "mail me at jane@example.com" } }],
          }),
        ),
      ),
      retrieve: await outcome(() =>
        agentRuntime.send(
          new RetrieveCommand({
            knowledgeBaseId: "KB12345678",
            retrievalQuery: { text: "hotel cost per night" },
          }),
        ),
      ),
      ...(await ragWithFollowUp(agentRuntime)),
    };
  } finally {
    runtime.destroy();
    agentRuntime.destroy();
  }
}

/** RetrieveAndGenerate, then a follow-up in the session the first answer names. */
async function ragWithFollowUp(client: BedrockAgentRuntimeClient) {
  const configuration = {
    type: "KNOWLEDGE_BASE" as const,
    knowledgeBaseConfiguration: {
      knowledgeBaseId: "KB12345678",
      modelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
    },
  };
  const first = await client.send(
    new RetrieveAndGenerateCommand({
      input: { text: "How much is a hotel per night?" },
      retrieveAndGenerateConfiguration: configuration,
    }),
  );
  const followUp = await outcome(() =>
    client.send(
      new RetrieveAndGenerateCommand({
        input: { text: "And how many vacation days?" },
        retrieveAndGenerateConfiguration: configuration,
        ...(first.sessionId ? { sessionId: first.sessionId } : {}),
      }),
    ),
  );
  return { rag: withoutVolatileMetadata(first), ragFollowUp: followUp };
}

/** POSTs raw JSON and returns the response status, headers and bytes. */
function rawPost(url: string, path: string, body: unknown) {
  return new Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }>(
    (resolve, reject) => {
      const target = new URL(path, url);
      const req = request(
        target,
        { method: "POST", headers: { "content-type": "application/json" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
          );
        },
      );
      req.once("error", reject);
      req.end(JSON.stringify(body));
    },
  );
}

async function record() {
  const upstream = await upstreamBedrock();
  const dir = join(tempDir(), "cassette");
  const proxy = await startRecordingProxy({ dir, upstream: upstream.url });
  const recorded = await scenario(proxy.url);
  await proxy.close();
  await upstream.close(); // stopped before anything is replayed
  return { dir, recorded, upstream };
}

describe("record and replay through a second local Bedrock", () => {
  it("replays Converse, ConverseStream frame by frame, Retrieve, RetrieveAndGenerate with a session follow-up, ApplyGuardrail and errors identically, upstream stopped", async () => {
    const { dir, recorded, upstream } = await record();
    expect(upstream.requests.count()).toBe(11);
    expect(recorded.converse).toMatchObject({
      ok: { output: { message: { content: [{ text: "Four." }] } } },
    });
    expect(recorded.again).toMatchObject({
      ok: { output: { message: { content: [{ text: "Still four." }] } } },
    });
    expect(recorded.throttled).toMatchObject({ error: { name: "ThrottlingException", status: 429 } });
    expect(recorded.invalid).toMatchObject({ error: { name: "ValidationException", status: 400 } });
    expect(recorded.midStream).toMatchObject({ ok: { error: "ModelStreamErrorException" } });
    expect(recorded.retrieve).toMatchObject({
      ok: {
        retrievalResults: expect.arrayContaining([
          expect.objectContaining({ content: { type: "TEXT", text: expect.stringContaining("180 EUR") } }),
        ]),
      },
    });
    expect(recorded.guardrail).toMatchObject({ ok: { action: "GUARDRAIL_INTERVENED" } });
    expect(recorded.rag).toMatchObject({
      sessionId: expect.any(String),
      output: { text: expect.any(String) },
    });
    expect(recorded.ragFollowUp).toMatchObject({
      ok: { sessionId: (recorded.rag as { sessionId: string }).sessionId },
    });

    const replay = await startReplayServer({ dir });
    closers.push(() => replay.close());
    const replayed = await scenario(replay.url);
    expect(replayed).toEqual(recorded);
    expect(replay.served()).toBe(11);
    expect(replay.misses()).toEqual([]);
  });

  it("serves a stream's recorded bytes frame by frame, and the recorded timing when asked", async () => {
    const { dir } = await record();
    const files = readdirSync(dir)
      .filter((name) => name !== "manifest.json")
      .sort();
    expect(files).toEqual([
      "0001-converse.json",
      "0002-converse.json",
      "0003-converse-stream.json",
      "0004-converse-stream.json",
      "0005-converse.json",
      "0006-converse.json",
      "0007-converse.json",
      "0008-apply-guardrail.json",
      "0009-retrieve.json",
      "0010-retrieve-and-generate.json",
      "0011-retrieve-and-generate.json",
    ]);
    const stream = JSON.parse(readFileSync(join(dir, "0003-converse-stream.json"), "utf8"));
    expect(stream.request).toMatchObject({
      service: "bedrock-runtime",
      operation: "ConverseStream",
      path: `/model/${MODEL}/converse-stream`,
    });
    const types = stream.response.frames.map((frame: { type: string }) => frame.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "messageStart",
        "contentBlockStart",
        "contentBlockDelta",
        "contentBlockStop",
        "messageStop",
        "metadata",
      ]),
    );
    const offsets = stream.response.frames.map((frame: { offsetMs: number }) => frame.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const retrieve = JSON.parse(readFileSync(join(dir, "0009-retrieve.json"), "utf8"));
    expect(retrieve.request.service).toBe("bedrock-agent-runtime");

    const replay = await startReplayServer({ dir });
    closers.push(() => replay.close());
    const body = stream.request.body.json;
    const raw = await rawPost(replay.url, `/model/${encodeURIComponent(MODEL)}/converse-stream`, body);
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
    expect(raw.headers["x-amzn-requestid"]).toBe(stream.response.headers["x-amzn-requestid"]);
    const frames = Buffer.concat(
      stream.response.frames.map((frame: { base64: string }) => Buffer.from(frame.base64, "base64")),
    );
    expect(raw.bytes.equals(frames)).toBe(true);

    // Recorded timing: the scripted 120 ms latency of the slow answer is waited for again.
    const slow = JSON.parse(readFileSync(join(dir, "0006-converse.json"), "utf8"));
    expect(slow.response.headersAfterMs).toBeGreaterThanOrEqual(100);
    const timed = await startReplayServer({ dir, timing: "recorded" });
    closers.push(() => timed.close());
    const started = performance.now();
    const answer = await rawPost(
      timed.url,
      `/model/${encodeURIComponent(MODEL)}/converse`,
      slow.request.body.json,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(JSON.parse(answer.bytes.toString("utf8")).output.message.content[0].text).toBe("Slow answer.");
  });

  it("answers an unrecorded request with a ValidationException naming the closest recording and the difference", async () => {
    const { dir } = await record();
    const replay = await startReplayServer({ dir });
    closers.push(() => replay.close());
    const client = sdkClient(replay.url);
    const changed = ask("What is 2+2?", { inferenceConfig: { maxTokens: 200, temperature: 0.2 } });
    await expect(client.send(new ConverseCommand(changed))).rejects.toMatchObject({
      name: "ValidationException",
      $metadata: { httpStatusCode: 400 },
      message:
        `glassbox replay: no recording matches Converse POST /model/${MODEL}/converse; closest: 0001-converse.json ` +
        "(differs at body.inferenceConfig.temperature: recorded 0.7, requested 0.2)",
    });
    const otherText = ask("What is 3+3?");
    await expect(client.send(new ConverseCommand(otherText))).rejects.toMatchObject({
      message: expect.stringContaining(
        'differs at body.messages[0].content[0].text: recorded "What is 2+2?", requested "What is 3+3?"',
      ),
    });
    // Identical requests replay in recorded order; one more than was recorded is a miss, not a repeat.
    const texts = [];
    for (let i = 0; i < 2; i++) {
      const response = await client.send(new ConverseCommand(ask("What is 2+2?")));
      texts.push(response.output?.message?.content?.[0]?.text);
    }
    expect(texts).toEqual(["Four.", "Still four."]);
    await expect(client.send(new ConverseCommand(ask("What is 2+2?")))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("was recorded 2 times and all were replayed already"),
    });
    // requestMetadata values are not part of the key: other values still match.
    replay.rewind();
    const other = await client.send(
      new ConverseCommand(ask("What is 2+2?", { requestMetadata: { team: "x", costCenter: "y" } })),
    );
    expect(other.output?.message?.content?.[0]?.text).toBe("Four.");
    expect(replay.misses()).toEqual([]);
    client.destroy();
  });

  it("keeps no credential and no requestMetadata value in the cassette; private files and folder; a manifest", async () => {
    const { dir } = await record();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const names = readdirSync(dir);
    expect(names).toContain("manifest.json");
    for (const name of names) {
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
      const text = readFileSync(join(dir, name), "utf8");
      for (const secret of [
        CALLER.accessKeyId,
        CALLER.secretAccessKey,
        CALLER.sessionToken,
        "cc-4711-private",
        "AWS4-HMAC-SHA256",
      ]) {
        expect(text, `${name} holds ${secret}`).not.toContain(secret);
      }
      expect(text.toLowerCase()).not.toMatch(/"(authorization|x-amz-security-token|x-amz-date)"/);
    }
    const first = JSON.parse(readFileSync(join(dir, "0001-converse.json"), "utf8"));
    expect(first.request.body.json.requestMetadata).toEqual({ team: "[scrubbed]", costCenter: "[scrubbed]" });
    expect(first.request.headers["content-type"]).toBe("application/json");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      format: "glassbox-cassette/1",
      region: "us-east-1",
      count: 11,
      glassboxVersion: expect.any(String),
    });
    expect(manifest.upstream).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("refuses to record over an existing cassette and to replay a damaged one, naming the file and field", async () => {
    const { dir } = await record();
    await expect(startRecordingProxy({ dir, upstream: "http://127.0.0.1:9" })).rejects.toMatchObject({
      code: "CASSETTE_INVALID",
      message: expect.stringContaining("already holds a cassette"),
    });
    // A proxy that cannot listen leaves no cassette behind.
    const taken = await startReplayServer({ dir });
    closers.push(() => taken.close());
    const fresh = join(tempDir(), "never");
    await expect(
      startRecordingProxy({ dir: fresh, upstream: "http://127.0.0.1:9", port: taken.port }),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(existsSync(fresh)).toBe(false);
    const file = join(dir, "0005-converse.json");
    const damaged = JSON.parse(readFileSync(file, "utf8"));
    damaged.response.status = "429";
    writeFileSync(file, JSON.stringify(damaged));
    await expect(startReplayServer({ dir })).rejects.toMatchObject({
      code: "CASSETTE_INVALID",
      message: expect.stringMatching(/0005-converse\.json: response\.status: /),
    });
  });
});

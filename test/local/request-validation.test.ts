import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConverseCommand, ConverseStreamCommand, CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { localBedrock, sdkClient } from "../helpers/local-bedrock.ts";

// Each request-validation rule of Converse, ConverseStream and CountTokens is a conformance case
// (test/conformance/cases/converse.json); here each is replayed through the real JS SDK against the
// local Bedrock, and status, error type and message are checked.

const CaseSchema = z.object({
  name: z.string(),
  service: z.literal("bedrock-runtime"),
  operation: z.enum(["Converse", "ConverseStream", "CountTokens"]),
  input: z.record(z.string(), z.unknown()),
  expect: z.object({ status: z.number(), error: z.string(), message: z.string() }).passthrough(),
});
const cases = z
  .array(CaseSchema)
  .parse(JSON.parse(readFileSync(join(import.meta.dirname, "../conformance/cases/converse.json"), "utf8")));

/** The case's input as the SDK takes it: `{"$base64": …}` blobs as bytes. */
function sdkInput(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sdkInput);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.$base64 === "string") return new Uint8Array(Buffer.from(record.$base64, "base64"));
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, sdkInput(inner)]));
  }
  return value;
}

const COMMANDS = {
  Converse: (input: never) => new ConverseCommand(input),
  ConverseStream: (input: never) => new ConverseStreamCommand(input),
  CountTokens: (input: never) => new CountTokensCommand(input),
};

describe("the local Bedrock validates requests as Bedrock does (real JS SDK)", () => {
  it("has one case per rule, with unique names", () => {
    expect(cases.length).toBeGreaterThan(50);
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length);
  });

  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    const server = await localBedrock();
    const client = sdkClient(server.url);
    const command = COMMANDS[entry.operation](sdkInput(entry.input) as never);
    const error = (await client
      .send(command as ConverseCommand)
      .then(async (output) => {
        // A refused ConverseStream fails before the stream opens; drain one that opened to surface in-stream errors.
        for await (const _event of (output as { stream?: AsyncIterable<unknown> }).stream ?? []);
        return undefined;
      })
      .catch((caught: unknown) => caught)) as
      | { name: string; message: string; $metadata: { httpStatusCode?: number } }
      | undefined;
    expect(error, "the request was accepted").toBeDefined();
    expect({ status: error?.$metadata.httpStatusCode, error: error?.name }).toEqual({
      status: entry.expect.status,
      error: entry.expect.error,
    });
    expect(error?.message).toContain(entry.expect.message);
    client.destroy();
  });

  it("answers a blob that is not base64 with a SerializationException", async () => {
    const server = await localBedrock();
    const response = await fetch(`${server.url}/model/amazon.nova-pro-v1%3A0/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [
          {
            role: "user",
            content: [
              { image: { format: "png", source: { bytes: "not base64!" } } },
              { text: "what is it?" },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^SerializationException:/);
    expect(await response.json()).toEqual({
      message: "Could not decode the base64 blob at 'messages.1.member.content.1.member.image.source.bytes'.",
    });
  });

  it("still accepts what Bedrock accepts: profile ids, on-demand base ids, every media format it knows", async () => {
    const server = await localBedrock();
    const client = sdkClient(server.url);
    for (const modelId of [
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      "amazon.nova-pro-v1:0",
      "anthropic.claude-3-haiku-20240307-v1:0",
    ]) {
      const answer = await client.send(
        new ConverseCommand({
          modelId,
          messages: [{ role: "user", content: [{ text: "hi" }] }],
          inferenceConfig: { maxTokens: 4096, temperature: 0.2 },
        }),
      );
      expect(answer.stopReason, modelId).toBe("end_turn");
    }
    const counted = await client.send(
      new CountTokensCommand({
        modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0",
        input: { converse: { messages: [{ role: "user", content: [{ text: "hi" }] }] } },
      }),
    );
    expect(counted.inputTokens).toBeGreaterThan(0);
    client.destroy();
  });
});

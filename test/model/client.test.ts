import { Agent as HttpsAgent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/config-error.ts";
import {
  createBedrockRuntimeClient,
  isGlassboxClient,
  isLocalEndpoint,
  resolveRegion,
} from "../../src/model/client.ts";
import { parseModelConfig } from "../../src/model/config.ts";

describe("Bedrock runtime client factory", () => {
  it("recognises loopback http endpoints as local", () => {
    expect(isLocalEndpoint("http://127.0.0.1:4010")).toBe(true);
    expect(isLocalEndpoint("http://localhost:4010")).toBe(true);
    expect(isLocalEndpoint("https://bedrock-runtime.us-east-1.amazonaws.com")).toBe(false);
    expect(isLocalEndpoint("http://10.0.0.5:4010")).toBe(false);
    expect(isLocalEndpoint(undefined)).toBe(false);
  });

  it("gives a local endpoint HTTP/1.1, placeholder credentials, one SDK attempt and a region", async () => {
    const client = createBedrockRuntimeClient({ endpoint: "http://127.0.0.1:4010" });
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    const credentials = await client.config.credentials();
    expect(credentials.accessKeyId).toBe("local");
    expect(await client.config.maxAttempts()).toBe(1);
    expect(await resolveRegion(client)).toBe("us-east-1");
  });

  it("gives https endpoints the same pooled keep-alive handler, over TLS, and the default chain", async () => {
    const client = createBedrockRuntimeClient({
      region: "eu-central-1",
      endpoint: "https://vpce.example.com",
      http: { maxSockets: 2048 },
    });
    const handler = client.config.requestHandler as NodeHttpHandler;
    expect(handler).toBeInstanceOf(NodeHttpHandler);
    // The handler resolves its config on first use; its https agent is the pool Glassbox sized.
    const config = await (handler as unknown as { configProvider: Promise<{ httpsAgent: HttpsAgent }> })
      .configProvider;
    expect(config.httpsAgent).toBeInstanceOf(HttpsAgent);
    expect(config.httpsAgent.maxSockets).toBe(2048);
    expect((config.httpsAgent as unknown as { keepAlive: boolean }).keepAlive).toBe(true);
    expect(isGlassboxClient(client)).toBe(true);
  });

  it("validates pool settings in the model config, naming the field", () => {
    expect(() => parseModelConfig({ http: { maxSockets: 0 } })).toThrow(/model\.http\.maxSockets/);
    expect(() => parseModelConfig({ streamIdleTimeoutMs: -1 })).toThrow(/model\.streamIdleTimeoutMs/);
    expect(parseModelConfig({ http: { keepAliveMs: 4000 } }).http).toEqual({
      maxSockets: 512,
      connectTimeoutMs: 5000,
      keepAliveMs: 4000,
    });
  });

  it("rejects malformed endpoints with a ConfigError naming them", () => {
    expect(() => createBedrockRuntimeClient({ endpoint: "127.0.0.1:4010" })).toThrow(ConfigError);
    expect(() => createBedrockRuntimeClient({ endpoint: "ftp://x" })).toThrow(/must start with http/);
  });

  it("says how to set a region when none can be found", async () => {
    const saved = {
      r: process.env.AWS_REGION,
      d: process.env.AWS_DEFAULT_REGION,
      c: process.env.AWS_CONFIG_FILE,
    };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
    try {
      const client = createBedrockRuntimeClient({});
      await expect(resolveRegion(client)).rejects.toThrow(/no AWS region: set AWS_REGION/);
    } finally {
      if (saved.r) process.env.AWS_REGION = saved.r;
      if (saved.d) process.env.AWS_DEFAULT_REGION = saved.d;
      if (saved.c) process.env.AWS_CONFIG_FILE = saved.c;
      else delete process.env.AWS_CONFIG_FILE;
    }
  });
});

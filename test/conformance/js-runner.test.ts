import { describe, expect, it } from "vitest";
import type { ConformanceCase } from "./case-format.ts";
import { decodeBlobs, JsRunner } from "./js-runner.ts";

const base: ConformanceCase = {
  file: "x.json",
  name: "a",
  service: "bedrock-runtime",
  operation: "Converse",
  input: {},
  expect: { ok: true },
};
// Nothing listens here: each case below must fail before any request is sent.
const runner = new JsRunner("http://127.0.0.1:9", {});

describe("the JS conformance runner", () => {
  it("fails a case whose service's client is not installed, never skips it", async () => {
    const missing = new JsRunner("http://127.0.0.1:9", {}, "http1", {
      bedrock: "@aws-sdk/client-glassbox-not-installed",
    });
    const outcome = await missing.run({ ...base, service: "bedrock", operation: "GetGuardrail" });
    expect(outcome.runnerError).toBe(
      "the case's service bedrock needs @aws-sdk/client-glassbox-not-installed, which is not installed (add it to package.json)",
    );
  });

  it("has the bedrock control-plane client: its operations resolve to commands", async () => {
    const outcome = await runner.run({ ...base, service: "bedrock", operation: "NoSuchOperation" });
    expect(outcome.runnerError).toBe(
      "@aws-sdk/client-bedrock has no NoSuchOperationCommand: not an operation of bedrock",
    );
  });

  it("fails a case whose operation the service does not have", async () => {
    const outcome = await runner.run({ ...base, operation: "Retrieve" });
    expect(outcome.runnerError).toBe(
      "@aws-sdk/client-bedrock-runtime has no RetrieveCommand: not an operation of bedrock-runtime",
    );
  });

  it("decodes {$base64} objects, and only those, to bytes", () => {
    const decoded = decodeBlobs({ a: { $base64: "aGk=" }, b: [{ $base64: "aGk=", other: 1 }] }) as {
      a: Uint8Array;
      b: unknown[];
    };
    expect(Buffer.from(decoded.a).toString()).toBe("hi");
    expect(decoded.b).toEqual([{ $base64: "aGk=", other: 1 }]);
  });
});

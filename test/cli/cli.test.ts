import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startOtlpReceiver } from "../helpers/otlp-receiver.ts";

const BIN = join(import.meta.dirname, "../../bin/glassbox.js");
const home = mkdtempSync(join(tmpdir(), "glassbox-cli-"));

/** A clean environment: no AWS credentials or region, a HOME without ~/.aws, as on a fresh machine. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("AWS_") && !key.startsWith("OTEL_")) env[key] = value;
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...extra };
}

function glassbox(
  args: string[],
  env = cleanEnv(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("glassbox CLI (end to end)", () => {
  it("runs the README quick-start question offline and shows every step", async () => {
    const { code, stdout, stderr } = await glassbox(["run", "What is 17% of 2,340 plus 12?"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/no AWS credentials found: using the local Bedrock at http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stdout).toMatch(/thought 1/);
    expect(stdout).toMatch(/action 1\s+› calculator\(\{"expression":"17% of 2,340 plus 12"\}\)/);
    expect(stdout).toMatch(/observe 1\s+› ✓ .*409\.8/);
    expect(stdout).toMatch(/answer\s+› .*409\.8/);
    expect(stdout).toMatch(/outcome\s+› answered · 2 steps · \d+ in \/ \d+ out tokens · \$\d+\.\d+/);
  });

  it("prints the result as JSON with --json", async () => {
    const { code, stdout } = await glassbox(["run", "--json", "--local", "What is 6 times 7?"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("42");
    expect(result.steps.map((step: { kind: string }) => step.kind)).toEqual([
      "thought",
      "action",
      "observation",
      "thought",
    ]);
  });

  it("exports the run's spans over OTLP/HTTP with --trace otlp=<url>", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const { code } = await glassbox(["run", "--local", "--trace", `otlp=${receiver.url}`, "What is 2+2?"]);
      expect(code).toBe(0);
      const names = receiver.spans().map((span) => span.name);
      expect(names).toContain("invoke_agent tool_agent");
      expect(names).toContain("execute_tool calculator");
    } finally {
      await receiver.close();
    }
  });

  it("prints a span tree with --trace console", async () => {
    const { code, stderr } = await glassbox(["run", "--local", "--trace", "console", "What is 2+2?"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/invoke_agent tool_agent/);
    expect(stderr).toMatch(/[├└]─ execute_tool calculator/);
  });

  it("names an unknown model in one line, without a stack trace", async () => {
    const { code, stderr } = await glassbox(["run", "--local", "--model", "acme.nonexistent-v1:0", "hi"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown model "acme\.nonexistent-v1:0".*glassbox models/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a malformed model id before any call", async () => {
    const { code, stderr } = await glassbox(["run", "--local", "--model", "not a model!", "hi"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/model.modelId/);
  });

  it("explains an unreachable endpoint", async () => {
    const { code, stderr } = await glassbox(["run", "--endpoint", "http://127.0.0.1:9", "hi"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it("asks for a region when AWS credentials exist but no region is set", async () => {
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "example" });
    const { code, stderr } = await glassbox(["run", "hi"], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no AWS region: set AWS_REGION, pass --region/);
  });

  it("names the bad field of a config file and the unknown flag", async () => {
    const file = join(home, "agent.json");
    await writeFile(file, JSON.stringify({ model: { inferenceConfig: { temperature: 3 } } }));
    const bad = await glassbox(["run", "--local", "--config", file, "hi"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("model.inferenceConfig.temperature");
    const flag = await glassbox(["run", "--frobnicate", "hi"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--frobnicate/);
    const steps = await glassbox(["run", "--max-steps", "zero", "hi"]);
    expect(steps.stderr).toMatch(/--max-steps expects a whole number/);
  });

  it("has --help everywhere", async () => {
    for (const args of [["--help"], ["run", "--help"], ["local", "--help"], ["models", "--help"]]) {
      const { code, stdout } = await glassbox(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage:/);
    }
  });

  it("lists the known models with prices", async () => {
    const { code, stdout } = await glassbox(["models"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/anthropic\.claude-sonnet-4-5-20250929-v1:0\s+auto,any,tool\s+\$3\s+\$15/);
  });
});

describe("glassbox local", () => {
  it("serves the local Bedrock to other clients until stopped", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [BIN, "local", "--port", "0", "--seed", "3"], { env: cleanEnv() });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      const { code, stdout, stderr } = await glassbox([
        "run",
        "--endpoint",
        url,
        "--json",
        "What is 17% of 2,340 plus 12?",
      ]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(JSON.parse(stdout).answer).toContain("409.8");
    } finally {
      child.kill("SIGTERM");
    }
    const exitCode = await new Promise((resolve) => child.once("exit", resolve));
    expect(exitCode).toBe(0);
  });

  it("rejects a fault rate outside 0..1, naming the flag", async () => {
    const { code, stderr } = await glassbox(["local", "--throttle-rate", "2"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--throttle-rate expects a number ≥ 0 and ≤ 1/);
  });
});

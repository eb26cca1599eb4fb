import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt } from "../helpers/build.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { startOtlpReceiver } from "../helpers/otlp-receiver.ts";

const run = promisify(execFile);

/** A clean environment: no AWS credentials or region, a HOME without ~/.aws, as on a fresh machine. */
function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("AWS_") && !key.startsWith("OTEL_")) env[key] = value;
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...extra };
}

// The AWS SDK reads the region from the process's own environment and ~/.aws, not from the CLI's io.env.
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});
function isolateAws(home: string): void {
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  process.env.HOME = home;
}

describe("glassbox CLI, in process", () => {
  it("prints the result as JSON with --json", async () => {
    const { code, stdout } = await runCli(["run", "--json", "--local", "What is 6 times 7?"], {
      env: cleanEnv(tempDir()),
    });
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
      const { code } = await runCli(["run", "--local", "--trace", `otlp=${receiver.url}`, "What is 2+2?"], {
        env: cleanEnv(tempDir()),
      });
      expect(code).toBe(0);
      const names = receiver.spans().map((span) => span.name);
      expect(names).toContain("invoke_agent tool_agent");
      expect(names).toContain("execute_tool calculator");
    } finally {
      await receiver.close();
    }
  });

  it("prints a span tree with --trace console", async () => {
    const { code, stderr } = await runCli(["run", "--local", "--trace", "console", "What is 2+2?"], {
      env: cleanEnv(tempDir()),
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/invoke_agent tool_agent/);
    expect(stderr).toMatch(/[├└]─ execute_tool calculator/);
  });

  it("names an unknown model in one line, without a stack trace", async () => {
    const { code, stderr } = await runCli(["run", "--local", "--model", "acme.nonexistent-v1:0", "hi"], {
      env: cleanEnv(tempDir()),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown model "acme\.nonexistent-v1:0".*glassbox models/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a malformed model id before any call", async () => {
    const { code, stderr } = await runCli(["run", "--local", "--model", "not a model!", "hi"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/model.modelId/);
  });

  it("explains an unreachable endpoint", async () => {
    const { code, stderr } = await runCli(["run", "--endpoint", "http://127.0.0.1:9", "hi"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it("asks for a region when AWS credentials exist but no region is set", async () => {
    const home = tempDir();
    isolateAws(home);
    const env = cleanEnv(home, { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "example" });
    const { code, stderr } = await runCli(["run", "hi"], { env });
    expect(code).toBe(2);
    expect(stderr).toMatch(/no AWS region: set AWS_REGION, pass --region/);
  });

  it("refuses a --profile that no AWS config defines, instead of switching to the local model", async () => {
    const home = tempDir();
    isolateAws(home);
    const { code, stderr, stdout } = await runCli(["run", "--profile", "prod", "What is 2+2?"], {
      env: cleanEnv(home),
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      "glassbox: --profile prod: no such profile in the AWS config or credentials file (aws configure list-profiles shows them)\n",
    );
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(/local Bedrock/);
  });

  it("names the bad field of a config file and the unknown flag, with a suggestion", async () => {
    const file = join(tempDir(), "agent.json");
    await writeFile(file, JSON.stringify({ model: { inferenceConfig: { temperature: 3 } } }));
    const bad = await runCli(["run", "--local", "--config", file, "hi"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("model.inferenceConfig.temperature");
    const flag = await runCli(["run", "--frobnicate", "hi"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--frobnicate/);
    const typo = await runCli(["run", "--max-step", "3", "hi"]);
    expect(typo.stderr).toBe(
      "glassbox: Unknown option '--max-step'; did you mean --max-steps? (see glassbox run --help)\n",
    );
    const steps = await runCli(["run", "--max-steps", "zero", "hi"]);
    expect(steps.stderr).toMatch(/--max-steps expects a whole number/);
  });

  it("suggests the command a typo meant, and lists the commands", async () => {
    const { code, stderr } = await runCli(["rnu", "hi"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^glassbox: unknown command "rnu"; did you mean "run"\? \(commands: run, init, /);
    expect((await runCli(["evl"])).stderr).toMatch(/did you mean "eval"\?/);
    expect((await runCli(["frobnicate"])).stderr).not.toMatch(/did you mean/);
  });

  it("has --help everywhere and --version", async () => {
    for (const args of [
      ["--help"],
      ["run", "--help"],
      ["local", "--help"],
      ["models", "--help"],
      ["help", "init"],
    ]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage:/);
    }
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `glassbox ${version}\n`, stderr: "" });
  });

  it("lists the known models with prices", async () => {
    const { code, stdout } = await runCli(["models"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /anthropic\.claude-sonnet-4-5-20250929-v1:0\s+profile only\s+us,eu,jp,au,global\s/,
    );
  });

  it("rejects a fault rate outside 0..1, naming the flag", async () => {
    const { code, stderr } = await runCli(["local", "--throttle-rate", "2"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--throttle-rate expects a number ≥ 0 and ≤ 1/);
  });
});

describe("the compiled glassbox bin (true process starts)", () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it("answers the README quick-start question offline and shows every step", async () => {
    const { stdout, stderr } = await run(process.execPath, [BIN, "run", "What is 17% of 2,340 plus 12?"], {
      env: cleanEnv(tempDir()),
    });
    expect(stderr).toMatch(/no AWS credentials found: using the local Bedrock at http:\/\/127\.0\.0\.1:\d+/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stdout).toMatch(/thought 1/);
    expect(stdout).toMatch(/action 1\s+› calculator\(\{"expression":"17% of 2,340 plus 12"\}\)/);
    expect(stdout).toMatch(/observe 1\s+› ✓ .*409\.8/);
    expect(stdout).toMatch(/answer\s+› .*409\.8/);
    expect(stdout).toMatch(/outcome\s+› answered · 2 steps · \d+ in \/ \d+ out tokens · \$\d+\.\d+/);
  });

  it("--help and --version load no LangGraph, LangChain, AWS SDK, OpenTelemetry, knowledge-base or PII code", async () => {
    const hooks = join(tempDir(), "record-modules.mjs");
    await writeFile(
      hooks,
      `import { register } from "node:module";
import { appendFileSync } from "node:fs";
const out = process.env.GLASSBOX_MODULE_LOG;
register("data:text/javascript," + encodeURIComponent(\`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(\${JSON.stringify(out)}, result.url + "\\\\n");
  return result;
}\`));
`,
    );
    for (const args of [["--help"], ["--version"], ["run", "--help"], ["eval", "--help"]]) {
      const log = join(tempDir(), "modules.txt");
      const env = { ...cleanEnv(tempDir()), GLASSBOX_MODULE_LOG: log };
      const { stdout } = await run(process.execPath, ["--import", pathToFileURL(hooks).href, BIN, ...args], {
        env,
      });
      expect(stdout).toMatch(/Usage:|^glassbox \d/);
      const loaded = readFileSync(log, "utf8").trim().split("\n");
      expect(loaded.some((url) => url.endsWith("/dist/src/cli/main.js"))).toBe(true);
      const heavy = loaded.filter((url) =>
        /node_modules\/(@langchain|@aws-sdk|@smithy|@opentelemetry|langsmith|libphonenumber-js|better-sqlite3|mammoth|pg)\/|\/dist\/src\/(kb|guardrails|agent|graph|local|evals)\//.test(
          url,
        ),
      );
      expect(heavy, `${args.join(" ")} loaded ${heavy.length} heavy modules`).toEqual([]);
    }
  });

  it("glassbox local serves the local Bedrock to another process until stopped", async () => {
    const env = cleanEnv(tempDir());
    const child = spawn(process.execPath, [BIN, "local", "--port", "0", "--seed", "3"], { env });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
          if (match?.[1]) resolve(match[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      const { code, stdout, stderr } = await runCli(
        ["run", "--endpoint", url, "--json", "What is 17% of 2,340 plus 12?"],
        { env },
      );
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(JSON.parse(stdout).answer).toContain("409.8");
    } finally {
      child.kill("SIGTERM");
    }
    const exitCode = await new Promise((resolve) => child.once("exit", resolve));
    expect(exitCode).toBe(0);
  });
});

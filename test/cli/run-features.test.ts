import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

describe("glassbox run: structured output, files and dry runs (in-process, local Bedrock)", () => {
  it("prints the validated JSON answer on stdout with --output-schema, the steps on stderr", async () => {
    const schema = join(tempDir(), "answer.json");
    writeFileSync(
      schema,
      JSON.stringify({
        type: "object",
        properties: { result: { type: "number" }, explanation: { type: "string" } },
        required: ["result", "explanation"],
        additionalProperties: false,
      }),
    );
    const run = await runCli(["run", "--local", "--output-schema", schema, "What is 6 times 7?"], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ result: 42, explanation: expect.stringContaining("42") });
    expect(run.stderr).toMatch(/action 1 +› calculator/);
  });

  it("names a bad schema file and exits 2", async () => {
    const schema = join(tempDir(), "bad.json");
    writeFileSync(schema, "{ not json");
    const run = await runCli(["run", "--local", "--output-schema", schema, "What is 6 times 7?"], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--output-schema ${schema}: expected a JSON Schema object`);
    const unsupported = join(tempDir(), "map.json");
    writeFileSync(unsupported, JSON.stringify({ type: "object", additionalProperties: { type: "number" } }));
    const refused = await runCli(["run", "--local", "--output-schema", unsupported, "What is 6 times 7?"], {
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("maps) are not supported by Bedrock structured output");
  });

  it("attaches files with --file and shows the document citations", async () => {
    const policy = join(tempDir(), "travel policy.txt");
    writeFileSync(
      policy,
      "Employees may book business class on flights longer than eight hours. Hotels are capped at 220 euros.",
    );
    const run = await runCli(
      ["run", "--local", "--file", policy, "When may employees book business class?"],
      { env },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Employees may book business class on flights longer than eight hours.");
    expect(run.stdout).toMatch(/sources +› "Employees may book business class.*" ← travel policy$/m);
    const missing = await runCli(["run", "--local", "--file", "nope.pdf", "Hi"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.pdf: cannot read the file");
  });

  it("prices the first call with --dry-run and calls no model", async () => {
    const run = await runCli(["run", "--local", "--dry-run", "What is 17% of 2,340 plus 12?"], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^dry run: no model was called \(us\.anthropic\.claude-sonnet-4-5-20250929-v1:0\)/,
    );
    expect(run.stdout).toMatch(
      /input +\d+ tokens for the first call, counted by Bedrock's CountTokens · \$0\.\d+/,
    );
    expect(run.stdout).toMatch(/output +at most 64000 tokens/);
    expect(run.stdout).not.toContain("action");
  });
});

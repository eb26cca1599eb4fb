import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBedrock } from "../../src/local/index.ts";
import {
  expectationFor,
  loadCases,
  type Outcome,
  OutcomeSchema,
  problems,
  substitute,
} from "./case-format.ts";
import { PLACEHOLDERS, startConformanceServer } from "./conformance-server.ts";

const RUNNER = fileURLToPath(new URL("./boto3_runner.py", import.meta.url));
const INSTALL =
  "The boto3 conformance tests need python3 with a boto3 that knows Bedrock's CountTokens: pip install boto3==1.43.11 (the machine image's version; Debian 12's apt-get install python3-boto3 gives 1.26, which has no Bedrock clients). scripts/check-boto3.sh checks it.";

const cases = loadCases();
let server: LocalBedrock;
const outcomes = new Map<string, Outcome>();

/** The runner's environment: placeholder credentials only, no profile, config file or endpoint override. */
function runnerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("AWS_")) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "conformance",
    AWS_SECRET_ACCESS_KEY: "conformance",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Runs every case through boto3 in one python3 process (asynchronously: the server is in this process). */
function runBoto3(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "python3",
      [RUNNER, url, "--placeholders", JSON.stringify(PLACEHOLDERS)],
      { env: runnerEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return reject(new Error(`python3 was not found. ${INSTALL}`));
        if ((error as { code?: unknown }).code === 3)
          return reject(new Error(`${stderr.trim()}. ${INSTALL}`));
        reject(new Error(`boto3_runner.py failed (${error.message}): ${stderr}`));
      },
    );
  });
}

beforeAll(async () => {
  server = await startConformanceServer();
  const stdout = await runBoto3(server.url);
  for (const line of stdout.split("\n").filter(Boolean)) {
    const outcome = OutcomeSchema.parse(JSON.parse(line));
    outcomes.set(outcome.name, outcome);
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("conformance: boto3 against the local Bedrock", () => {
  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))("%s", (_, testCase) => {
    const outcome = outcomes.get(testCase.name);
    expect(outcome, "boto3_runner.py printed no line for this case").toBeDefined();
    if (!outcome) return;
    expect(
      problems(outcome, expectationFor(substitute(testCase.expect, PLACEHOLDERS), "boto3")),
      JSON.stringify(outcome),
    ).toEqual([]);
  });
});

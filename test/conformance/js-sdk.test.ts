import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBedrock } from "../../src/local/index.ts";
import { expectationFor, loadCases, problems, substitute } from "./case-format.ts";
import { PLACEHOLDERS, startConformanceServer } from "./conformance-server.ts";
import { JsRunner } from "./js-runner.ts";

const cases = loadCases();
let server: LocalBedrock;
let runner: JsRunner;

beforeAll(async () => {
  server = await startConformanceServer();
  runner = new JsRunner(server.url, PLACEHOLDERS);
});

afterAll(async () => {
  runner?.close();
  await server?.close();
});

describe("conformance: the AWS SDK for JavaScript v3 against the local Bedrock", () => {
  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))("%s", async (_, testCase) => {
    const outcome = await runner.run(testCase);
    expect(
      problems(outcome, expectationFor(substitute(testCase.expect, PLACEHOLDERS), "js")),
      JSON.stringify(outcome),
    ).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalBedrock } from "../../src/local/index.ts";
import { expectationFor, loadCases, problems, substitute } from "./case-format.ts";
import { PLACEHOLDERS, startConformanceServer } from "./conformance-server.ts";
import { JsRunner } from "./js-runner.ts";

const cases = loadCases();
/**
 * The files about the wire (answers, streams, envelopes, faults) also run over HTTP/2; validation rules do not
 * depend on the transport, so their files run over HTTP/1.1 only.
 */
const WIRE_FILES = new Set(["operations.json", "streams.json", "errors.json", "faults.json"]);
let server: LocalBedrock;
let runner: JsRunner;
let http2: JsRunner;

beforeAll(async () => {
  server = await startConformanceServer();
  runner = new JsRunner(server.url, PLACEHOLDERS);
  http2 = new JsRunner(server.url, PLACEHOLDERS, "http2");
});

afterAll(async () => {
  runner?.close();
  http2?.close();
  await server?.close();
});

describe.each([
  ["HTTP/1.1 (NodeHttpHandler, as Glassbox's clients use)", () => runner, cases],
  ["HTTP/2 (the clients' default handler)", () => http2, cases.filter((c) => WIRE_FILES.has(c.file))],
])(
  "conformance: the AWS SDK for JavaScript v3 against the local Bedrock over %s",
  (_, runnerOf, selected) => {
    it.each(selected.map((c) => [`${c.file}: ${c.name}`, c] as const))("%s", async (_, testCase) => {
      const outcome = await runnerOf().run(testCase);
      expect(
        problems(outcome, expectationFor(substitute(testCase.expect, PLACEHOLDERS), "js")),
        JSON.stringify(outcome),
      ).toEqual([]);
    });
  },
);

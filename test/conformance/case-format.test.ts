import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  collapse,
  expectationFor,
  loadCases,
  mismatch,
  type Outcome,
  problems,
  substitute,
} from "./case-format.ts";

const casesDir = (files: Record<string, unknown>) => {
  const dir = mkdtempSync(join(tmpdir(), "conformance-"));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return pathToFileURL(`${dir}/`);
};
const valid = {
  name: "a",
  service: "bedrock-runtime",
  operation: "Converse",
  input: {},
  expect: { status: 400, error: "ValidationException" },
};

describe("conformance case files", () => {
  it("loads every case of every file with its file name", () => {
    const cases = loadCases(casesDir({ "x.json": [valid], "y.json": [{ ...valid, name: "b" }] }));
    expect(cases.map((c) => [c.file, c.name])).toEqual([
      ["x.json", "a"],
      ["y.json", "b"],
    ]);
  });

  it("names the file, case and field of a bad case", () => {
    expect(() => loadCases(casesDir({ "x.json": [{ ...valid, service: "s3" }] }))).toThrow(
      /cases\/x\.json\[0\] \(a\): service: /,
    );
    expect(() => loadCases(casesDir({ "x.json": [{ ...valid, expect: {} }] }))).toThrow(
      "expect needs ok: true, or an error and/or status",
    );
    expect(() => loadCases(casesDir({ "x.json": "{" }))).toThrow("cases/x.json: not valid JSON");
  });

  it("refuses a case name used twice", () => {
    expect(() => loadCases(casesDir({ "x.json": [valid], "y.json": [valid] }))).toThrow(
      'cases/y.json: case name "a" is also used in cases/x.json',
    );
  });

  it("substitutes placeholders in values and keys, and refuses unknown ones", () => {
    const slot = (name: string) => `\${${name}}`;
    expect(substitute({ [`p.${slot("id")}`]: [`${slot("id")}-x`, 3] }, { id: "KB1" })).toEqual({
      "p.KB1": ["KB1-x", 3],
    });
    expect(() => substitute({ a: slot("nope") }, { id: "KB1" })).toThrow(
      `unknown placeholder ${slot("nope")} (known: ${slot("id")})`,
    );
  });
});

describe("conformance expectations", () => {
  const failure: Outcome = {
    name: "a",
    ok: false,
    status: 400,
    error: "ValidationException",
    message: "bad field x",
  };

  it("passes a matching error and reports each mismatch", () => {
    expect(problems(failure, { status: 400, error: "ValidationException", message: "field x" })).toEqual([]);
    expect(
      problems(failure, { status: 404, error: "ResourceNotFoundException", message: "field y" }),
    ).toEqual([
      "expected error ResourceNotFoundException, but the call failed with 400 ValidationException: bad field x",
      "expected HTTP 404, got 400",
      'expected the message to contain "field y", got "bad field x"',
    ]);
    expect(problems(failure, { ok: true })).toEqual([
      "expected success, but the call failed with 400 ValidationException: bad field x",
    ]);
  });

  it("checks paths with literals and operators", () => {
    const outcome: Outcome = { name: "a", ok: true, status: 200, output: { a: { b: [1, "x"] } } };
    expect(
      problems(outcome, {
        ok: true,
        paths: { "a.b.0": 1, "a.b": { $length: 2 }, "a.c": { $exists: false } },
      }),
    ).toEqual([]);
    expect(
      problems(outcome, { ok: true, paths: { "a.b.1": { $contains: "y" }, "a.b.0": { $gte: 2 } } }),
    ).toEqual(['a.b.1: expected a string containing "y", got "x"', "a.b.0: expected a number >= 2, got 1"]);
    expect(mismatch("x", { $oneOf: ["x", "y"] })).toBeUndefined();
    expect(mismatch([], { $type: "object" })).toBe("expected a object, got []");
  });

  it("compares stream events with repeats collapsed, and stream errors", () => {
    expect(collapse(["a", "b", "b", "c", "b"])).toEqual(["a", "b", "c", "b"]);
    const outcome: Outcome = {
      name: "a",
      ok: true,
      status: 200,
      events: ["messageStart", "contentBlockDelta", "contentBlockDelta"],
      streamError: { error: "ModelStreamErrorException", message: "Retry your request." },
    };
    expect(
      problems(outcome, {
        ok: true,
        events: ["messageStart", "contentBlockDelta"],
        streamError: { error: "ModelStreamErrorException", message: "Retry" },
      }),
    ).toEqual([]);
    expect(problems(outcome, { ok: true, events: ["messageStart"] })).toEqual([
      "expected events messageStart; got messageStart, contentBlockDelta",
      "the stream failed unexpectedly with ModelStreamErrorException: Retry your request.",
    ]);
  });

  it("merges an SDK's overrides over the shared expectation", () => {
    const merged = expectationFor(
      {
        status: 400,
        error: "ValidationException",
        paths: { a: 1 },
        sdk: { boto3: { status: 0, paths: { b: 2 } } },
      },
      "boto3",
    );
    expect(merged).toEqual({ status: 0, error: "ValidationException", paths: { a: 1, b: 2 } });
    expect(expectationFor({ status: 400, sdk: { boto3: { status: 0 } } }, "js")).toEqual({ status: 400 });
  });

  it("reports a runner error as the only problem", () => {
    expect(problems({ name: "a", runnerError: "no client" }, { ok: true })).toEqual(["runner: no client"]);
  });
});

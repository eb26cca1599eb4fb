import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TargetOutput } from "../../src/evals/evaluator.ts";
import { loadSuite } from "../../src/evals/registry.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { memorySuite } from "./helpers.ts";

const EVALS = join(import.meta.dirname, "../../evals");

describe("runner", () => {
  it("runs the tool-agent suite against the local Bedrock, then answers a second run from the cache", async () => {
    const server = await localBedrock();
    const outDir = tempDir();
    const loaded = await loadSuite(EVALS, "tool-agent");
    const model = localModel(server);
    const first = await runSuite(loaded, { outDir, model, limit: 6, concurrency: 3 });
    expect(first.rows).toHaveLength(6);
    expect(first.summary.counts).toMatchObject({ errors: 0, passed: 6 });
    const calls = server.requests.all("ConverseStream").length + server.requests.all("Converse").length;
    expect(calls).toBeGreaterThanOrEqual(12);
    expect(
      first.rows.every(
        (row) => !row.cached && row.spans?.some((span) => span.name.startsWith("invoke_agent")),
      ),
    ).toBe(true);

    const second = await runSuite(loaded, { outDir, model, limit: 6, concurrency: 3 });
    const after = server.requests.all("ConverseStream").length + server.requests.all("Converse").length;
    expect(after).toBe(calls); // no model call: every target output came from the cache
    expect(second.rows.every((row) => row.cached)).toBe(true);
    expect(second.summary.target.cachedRows).toBe(6);
    expect(second.rows.map((row) => row.answer)).toEqual(first.rows.map((row) => row.answer));
    // Judge verdicts come from the cache too, keyed by judge, rubric and content.
    const verdict = (run: typeof first) => run.rows[0]?.scores.find((score) => score.key === "correctness");
    expect(verdict(first)?.metadata.cached).toBeUndefined();
    expect(verdict(second)?.metadata).toMatchObject({ judge: "offline", cached: true });
    expect(verdict(second)?.score).toBe(verdict(first)?.score);

    const third = await runSuite(loaded, { outDir, model, limit: 6, cache: false });
    expect(third.rows.some((row) => row.cached)).toBe(false);
  });

  it("records failures as status:error rows, retries retryable ones, and scores the rest", async () => {
    const attempts = new Map<string, number>();
    const loaded = memorySuite(
      {
        name: "fn",
        target: {
          name: "echo",
          create: () => async (input) => {
            attempts.set(input, (attempts.get(input) ?? 0) + 1);
            if (input === "boom")
              throw Object.assign(new Error("no such thing"), { name: "ValidationException" });
            if (input === "flaky" && attempts.get(input) === 1)
              throw Object.assign(new Error("slow down"), { name: "ThrottlingException" });
            return { answer: `echo ${input}` } satisfies TargetOutput;
          },
        },
        evaluators: [{ evaluator: "contains", key: "has_expected" }],
        thresholds: { passRate: 0.5 },
      },
      [
        { id: "ok", input: "hello", expectedAnswer: "hello" },
        { id: "wrong", input: "bye", expectedAnswer: "hello" },
        { id: "boom", input: "boom", expectedAnswer: "x" },
        { id: "flaky", input: "flaky", expectedAnswer: "flaky" },
      ],
    );
    const run = await runSuite(loaded, { outDir: tempDir(), retries: 2 });
    const byId = Object.fromEntries(run.rows.map((row) => [row.caseId, row]));
    expect(byId.boom).toMatchObject({
      status: "error",
      passed: false,
      attempts: 1,
      error: { type: "ValidationException", message: "no such thing" },
    });
    expect(byId.flaky).toMatchObject({ status: "ok", passed: true, attempts: 2 });
    expect(byId.wrong).toMatchObject({ status: "ok", passed: false, failedKeys: ["has_expected"] });
    expect(run.summary.counts).toMatchObject({ units: 4, errors: 1, passed: 2, failed: 2 });
    expect(run.summary.thresholds.failures).toEqual(["1 error row"]);
    expect(run.summary.passed).toBe(false);
    const lines = readFileSync(join(run.runDir, "results.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(4);
  });

  it("repetitions give pass@k / pass^k; robustness rows report deltas; evaluation events land on the spans", async () => {
    const loaded = memorySuite(
      {
        name: "reps",
        target: {
          name: "alternating",
          // Passes on odd repetitions only, and loses numbers written as words.
          create: () => async (input, call) => ({
            answer: /#[13]$/.test(call.runKey) ? `answer ${input.replace(/\D/g, "")}` : "no",
          }),
        },
        evaluators: [{ evaluator: "contains" }, "token_f1"],
      },
      [{ id: "a", input: "What is 42?", expectedAnswer: "42" }],
    );
    const outDir = tempDir();
    const spans = join(outDir, "spans.jsonl");
    const run = await runSuite(loaded, {
      outDir,
      repetitions: 4,
      concurrency: 1,
      robustness: ["numbers_to_words"],
      exporters: [{ type: "jsonl", path: spans }],
    });
    expect(run.rows).toHaveLength(8);
    const originals = run.rows.filter((row) => row.variant === "original");
    const passes = originals.filter((row) => row.passed).length;
    expect(passes).toBe(2);
    expect(run.summary.repetitions?.passAt[1]).toBeCloseTo(0.5, 9);
    expect(run.summary.repetitions?.passHat[2]).toBeCloseTo(1 / 6, 9);
    expect(run.summary.repetitions?.passHat[4]).toBe(0);
    expect(run.summary.repetitions?.passAt[4]).toBe(1);
    const robustness = run.summary.robustness?.numbers_to_words?.contains;
    expect(robustness?.n).toBe(4);
    expect(robustness?.mean).toBe(0);
    // One OTLP/JSON ExportTraceServiceRequest per line; flattened to spans with plain attributes.
    type KeyValue = { key: string; value: Record<string, unknown> };
    const plain = (list: KeyValue[] = []) =>
      Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));
    const exported = readFileSync(spans, "utf8")
      .trim()
      .split("\n")
      .flatMap((line) =>
        JSON.parse(line).resourceSpans.flatMap(
          (rs: {
            scopeSpans: Array<{
              spans: Array<{ name: string; events?: Array<{ name: string; attributes?: KeyValue[] }> }>;
            }>;
          }) =>
            rs.scopeSpans.flatMap((ss) =>
              ss.spans.map((span) => ({
                name: span.name,
                events: (span.events ?? []).map((event) => ({
                  name: event.name,
                  attributes: plain(event.attributes),
                })),
              })),
            ),
        ),
      );
    const caseSpans = exported.filter((span) => span.name === "evaluate reps");
    expect(caseSpans).toHaveLength(8);
    const events = caseSpans[0].events.filter(
      (event: { name: string }) => event.name === "gen_ai.evaluation.result",
    );
    expect(
      events.map(
        (event: { attributes: Record<string, unknown> }) => event.attributes["gen_ai.evaluation.name"],
      ),
    ).toEqual(["contains", "token_f1"]);
    expect(events[0].attributes).toHaveProperty("gen_ai.evaluation.score.value");
    expect(events[0].attributes["gen_ai.evaluation.explanation"]).toEqual(expect.any(String));
  });

  it("an unknown suite, evaluator or target form is an error before anything runs", async () => {
    await expect(loadSuite(EVALS, "nope")).rejects.toThrow(/unknown suite "nope".*tool-agent/);
    const target = { name: "t", create: () => async () => ({ answer: "" }) };
    expect(() =>
      memorySuite({ name: "bad", target, evaluators: ["telepathy"] }, [{ id: "a", input: "q" }]),
    ).toThrow(/unknown evaluator "telepathy"/);
    const dir = tempDir();
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(join(dir, "ghost"));
    const suiteModule = join(import.meta.dirname, "../../src/evals/suite.ts");
    writeFileSync(
      join(dir, "ghost", "suite.ts"),
      `import { defineSuite } from ${JSON.stringify(suiteModule)};\nexport default defineSuite({ name: "ghost", target: { graph: "tool_agent" }, evaluators: ["token_f1"] });\n`,
    );
    writeFileSync(join(dir, "ghost", "dataset.jsonl"), `${JSON.stringify({ id: "a", input: "q" })}\n`);
    // The library knows no graphs by name: a suite names its target with { name, create }.
    await expect(loadSuite(dir, "ghost")).rejects.toThrow(/target/);
  });
});

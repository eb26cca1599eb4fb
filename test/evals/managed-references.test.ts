import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyManagedReferences } from "../../src/evals/managed-references.ts";
import { loadSuite } from "../../src/evals/registry.ts";
import { runSuite } from "../../src/evals/runner.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const EVALS = join(import.meta.dirname, "../../evals");
const TRACES = join(import.meta.dirname, "../bedrock-agents/fixtures/managed-traces");

const score = (row: { scores: Array<{ key: string; score: unknown }> }, key: string) =>
  row.scores.find((result) => result.key === key)?.score;

describe("recorded managed-agent runs as an eval suite's references", () => {
  it("takes each case's expected trajectory and answer from its recording", async () => {
    const loaded = await loadSuite(EVALS, "managed-compare");
    const [weather, insurance] = loaded.dataset.rows;
    expect(weather).toMatchObject({
      id: "weather-seattle",
      expectedTrajectory: [
        { tool: "WeatherAPIs__getWeather", args: { location: "seattle", date: "2024-09-15" } },
      ],
    });
    expect(weather?.expectedAnswer).toBeUndefined(); // the managed run returned control: no answer yet
    expect(weather?.metadata?.managedReference).toMatch(/managed-traces\/weather-seattle\.json$/);
    expect(insurance).toMatchObject({
      expectedTrajectory: [],
      expectedAnswer: "You can call 1-800-123-4567 for claims questions.",
    });
  });

  it("scores the Glassbox run against what the managed agent did, on the local Bedrock", async () => {
    const server = await localBedrock();
    const loaded = await loadSuite(EVALS, "managed-compare");
    const run = await runSuite(loaded, { outDir: tempDir(), model: localModel(server), cache: false });
    const byId = Object.fromEntries(run.rows.map((row) => [row.caseId, row]));
    const weather = byId["weather-seattle"] as (typeof run.rows)[number];
    expect(weather.toolCalls?.map((call) => call.tool)).toEqual(["WeatherAPIs__getWeather"]);
    expect(score(weather, "trajectory_exact_order_match")).toBe(true);
    expect(score(weather, "tool_selection_accuracy")).toBe(1);
    // The date matches the managed call; the local model's rule-filled location does not.
    expect(weather.toolCalls?.[0]?.args.date).toBe("2024-09-15");
    expect(weather.toolCalls?.[0]?.args.location).not.toBe("seattle");
    expect(score(weather, "tool_parameter_accuracy")).toBe(0.5);
    const insurance = byId["insurance-phone"] as (typeof run.rows)[number];
    expect(score(insurance, "trajectory_exact_order_match")).toBe(true);
    expect(score(insurance, "token_f1") as number).toBeLessThan(1);
    expect(run.summary.passed).toBe(true);
  });

  it("a row can name its own recording; mistakes are errors that name the case and file", () => {
    const dataset = (rows: Array<Record<string, unknown>>) => ({
      path: "dataset.jsonl",
      rows: rows as never,
      sha256: "abc",
    });
    const own = applyManagedReferences(
      dataset([{ id: "fr", input: 'my name is "Sam"', managedTrace: "feature-request.json" }]),
      { suiteDir: TRACES },
    );
    expect(own.rows[0]?.expectedTrajectory?.map((call) => call.tool)).toEqual([
      "post__manage-feature-request__createFeatureRequest",
    ]);
    expect(own.sha256).not.toBe("abc");

    expect(() =>
      applyManagedReferences(
        dataset([
          {
            id: "fr",
            input: 'my name is "Sam"',
            managedTrace: "feature-request.json",
            expectedTrajectory: [],
          },
        ]),
        { suiteDir: TRACES },
      ),
    ).toThrow(
      /case "fr" sets expectedTrajectory and has a managed recording .*feature-request\.json.*: keep one/,
    );
    expect(() =>
      applyManagedReferences(
        dataset([{ id: "fr", input: "another question", managedTrace: "feature-request.json" }]),
        {
          suiteDir: TRACES,
        },
      ),
    ).toThrow(
      /feature-request\.json: the recording asks "my name is "Sam"" but case "fr" asks "another question"/,
    );
    expect(() =>
      applyManagedReferences(
        dataset([{ id: "f", input: "Where is order 12345?", managedTrace: "failure.json" }]),
        {
          suiteDir: TRACES,
        },
      ),
    ).toThrow(/failure\.json: the managed run failed \(The server encountered an error/);

    const dir = tempDir();
    writeFileSync(
      join(dir, "stray.json"),
      JSON.stringify({ inputText: "q", events: [{ chunk: { bytes: "aGk=" } }] }),
    );
    expect(() =>
      applyManagedReferences(dataset([{ id: "other", input: "q" }]), {
        suiteDir: dir,
        referenceTrajectories: ".",
      }),
    ).toThrow(/stray\.json names case "stray", which dataset\.jsonl does not have/);
    // A single file of recordings is matched to cases by question.
    writeFileSync(
      join(dir, "all.jsonl"),
      `${JSON.stringify({ inputText: "q", events: [{ chunk: { bytes: "aGk=" } }] })}\n`,
    );
    const byQuestion = applyManagedReferences(dataset([{ id: "other", input: "q" }]), {
      suiteDir: dir,
      referenceTrajectories: "all.jsonl",
    });
    expect(byQuestion.rows[0]).toMatchObject({ expectedTrajectory: [], expectedAnswer: "hi" });
  });
});

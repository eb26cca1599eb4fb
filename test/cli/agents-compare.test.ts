import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const FIXTURES = join(import.meta.dirname, "../bedrock-agents/fixtures");
const RECORDING = join(FIXTURES, "managed-traces/feature-request.json");
const AGENT = `${join(FIXTURES, "feature-request-agent.ts")}:createFeatureRequestAgent`;
const ARGS = {
  featureRequestName: "Add a dropdown menu",
  customerName: "Sam",
  featureRequestDescription: "I want the dropdown menu to show all available option",
};

describe("glassbox agents compare", () => {
  it("runs the Glassbox agent on the recorded question and prints both trajectories side by side", async () => {
    const server = await localBedrock({
      script: [
        {
          toolUse: [
            {
              name: "post__manage-feature-request__createFeatureRequest",
              input: { ...ARGS, customerName: "Samuel" },
            },
          ],
        },
        { text: "Created feature request 859 for Samuel." },
      ],
    });
    const run = await runCli(["agents", "compare", RECORDING, "--agent", AGENT, "--endpoint", server.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^question {5}my name is "Sam"/);
    // The managed agent's own steps, as the trace shows them.
    expect(out).toMatch(
      /action {7}manage-feature-request POST \/createFeatureRequest → post__manage-feature-request__createFeatureRequest/,
    );
    expect(out).toMatch(
      /observe {6}action group: \{"featureRequestID": "Created request random feature request id 859!"\}/,
    );
    // One aligned row, both sides, marked with the argument that differs and the first divergence.
    const lines = out.split("\n");
    const at = lines.findIndex((line) => line.startsWith("  1  "));
    expect(lines[at]).toMatch(
      /^ {2}1 {2}post__manage-feature-request__createFeatureRequest +post__manage-feature-request__createFeatureRequest +≠ arguments differ \(customerName\) {2}← first divergence$/,
    );
    // Under the calls, the arguments that differ: the managed agent's Sam, Glassbox's Samuel.
    expect(lines[at + 1]).toMatch(/^ {5}\{"customerName":"Sam"\} +\{"customerName":"Samuel"\}$/);
    expect(out).toMatch(/trajectories diverge at call 1/);
    expect(out).toMatch(/glassbox {3}Created feature request 859 for Samuel\./);
    expect(out).toMatch(/trajectory_exact_order_match +pass/);
    expect(out).toMatch(/tool_args_match +FAIL/);
    expect(out).toMatch(
      /tool_parameter_accuracy +0\.667 +wrong or missing: post__manage-feature-request__createFeatureRequest\.customer/,
    );
  });

  it("--json gives the comparison for machines; --fail-on-divergence exits 1", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "post__manage-feature-request__createFeatureRequest", input: ARGS }] },
        { text: "Created." },
        { toolUse: [{ name: "post__manage-feature-request__createFeatureRequest", input: ARGS }] },
        { text: "Created." },
      ],
    });
    const args = ["agents", "compare", RECORDING, "--agent", AGENT, "--endpoint", server.url];
    const run = await runCli([...args, "--json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as {
      calls: Array<{ status: string }>;
      firstDivergence?: number;
      scores: Array<{ key: string; score: unknown }>;
      managedSteps: Array<{ kind: string }>;
    };
    expect(json.calls.map((row) => row.status)).toEqual(["same"]);
    expect(json.firstDivergence).toBeUndefined();
    expect(json.scores.find((s) => s.key === "tool_args_match")?.score).toBe(true);
    expect(json.managedSteps.map((step) => step.kind)).toContain("preprocessing");
    // Same trajectory, so even the gate passes.
    expect((await runCli([...args, "--fail-on-divergence"])).code).toBe(0);
  });

  it("shows a failed managed run as such and still compares", async () => {
    const server = await localBedrock({ script: [{ text: "Order 12345 has shipped." }] });
    const run = await runCli([
      "agents",
      "compare",
      join(FIXTURES, "managed-traces/failure.json"),
      "--agent",
      AGENT,
      "--endpoint",
      server.url,
      "--fail-on-divergence",
    ]);
    expect(run.stdout).toMatch(
      /managed run {2}FAILED: The server encountered an error processing the Lambda response/,
    );
    expect(run.stdout).toMatch(/FAILURE {6}The server encountered/);
    expect(run.stdout).toMatch(/orders__getOrderStatus.*✗ only the managed agent/);
    expect(run.code).toBe(1);
  });

  it("takes a graph id of langgraph.json, run on this command's local Bedrock, and a bare event list", async () => {
    const run = await runCli([
      "agents",
      "compare",
      join(FIXTURES, "managed-traces/return-control.json"),
      "--question",
      "What is 6 times 7?",
      "--agent",
      "react_agent",
      "--local",
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^glassbox: --local given: using the local Bedrock/);
    expect(run.stderr.match(/using the local Bedrock/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/return ctl {3}WeatherAPIs__getWeather returned to the caller/);
    expect(run.stdout).toMatch(
      / {2}1 {2}WeatherAPIs__getWeather +— +✗ only the managed agent {2}← first divergence/,
    );
    expect(run.stdout).toMatch(/ {2}2 {2}— +calculator +✗ only Glassbox/);
    expect(run.stdout).toMatch(/glassbox {3}6 times 7 = 42\./);
  });

  it("--openapi names an OpenAPI operation by its operationId", async () => {
    const dir = tempDir();
    const schema = join(dir, "openapi.json");
    writeFileSync(
      schema,
      JSON.stringify({
        openapi: "3.0.0",
        paths: { "/createFeatureRequest": { post: { operationId: "fileRequest" } } },
      }),
    );
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "post__manage-feature-request__createFeatureRequest", input: ARGS }] },
        { text: "Created." },
      ],
    });
    const run = await runCli([
      "agents",
      "compare",
      RECORDING,
      "--agent",
      AGENT,
      "--endpoint",
      server.url,
      "--openapi",
      `manage-feature-request=${schema}`,
      "--json",
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { calls: Array<{ status: string; managed?: { tool: string } }> };
    expect(json.calls.map((row) => row.status)).toEqual(["managed_only", "glassbox_only"]);
    expect(json.calls[0]?.managed?.tool).toBe("post__manage-feature-request__fileRequest");
    expect(
      (await runCli(["agents", "compare", RECORDING, "--agent", AGENT, "--openapi", "nope"])).stderr,
    ).toMatch(/--openapi expects <actionGroup>=<file>, got "nope"/);
  });

  it("bad input: names the event and field, no stack trace, exit 2", async () => {
    const dir = tempDir();
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ inputText: "q", events: [{ chunk: { bytes: "aGk=" } }, { foo: 1 }] }),
    );
    const run = await runCli(["agents", "compare", bad, "--agent", AGENT, "--local"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `glassbox: ${bad}: events[1]: not an InvokeAgent stream event: expected exactly one of chunk, trace, returnControl, files (or a stream exception), got "foo"\n`,
    );
    const noAgent = await runCli(["agents", "compare", bad]);
    expect(noAgent.stderr).toMatch(/agents compare needs --agent/);
    expect(noAgent.code).toBe(2);
    const unknownGraph = await runCli([
      "agents",
      "compare",
      RECORDING,
      "--agent",
      "no_such_graph",
      "--local",
    ]);
    expect(unknownGraph.stderr).toMatch(
      /--agent "no_such_graph" is neither a module .*\(graph ids: react_agent/,
    );
    expect((await runCli(["agents", "frobnicate"])).stderr).toMatch(
      /unknown agents command "frobnicate": expected import or compare/,
    );
  });

  it("shows the knowledge-base lookups of both sides aligned, with their query F1", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "kb_search_KBID123456", input: { query: "phone number I can call" } }] },
        { text: "You can call 1-800-123-4567 for claims questions." },
      ],
    });
    const agent = `${join(FIXTURES, "insurance-kb-agent.ts")}:createInsuranceKbAgent`;
    const recording = join(FIXTURES, "managed-traces/insurance-kb.json");
    const run = await runCli(["agents", "compare", recording, "--agent", agent, "--endpoint", server.url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.indexOf("knowledge-base lookups");
    expect(lines[at + 1]).toMatch(/^ {2}1 {2}KBID123456 +KBID123456 +same knowledge base, query F1 0\.833$/);
    expect(lines[at + 2]).toBe('       managed   "What is the phone number I can call?"');
    expect(lines[at + 3]).toMatch(/^ {7}glassbox {2}"phone number I can call" \(\d passages\)$/);
    // The kb_search call is the lookup's counterpart, not an extra action.
    expect(run.stdout).toMatch(/neither side called a tool/);
    expect(run.stdout).toMatch(/trajectories agree/);
    expect(run.stdout).toMatch(
      /knowledge_base_query_match +0\.833 +1 of 1 lookups on the same knowledge base/,
    );
  });
});

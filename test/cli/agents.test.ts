import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ApplyGuardrailCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import {
  createBedrockAgentClient,
  loadAgentDefinition,
  parseAgentDefinition,
  readAgentDefinition,
} from "../../src/bedrock-agents/index.ts";
import { localCommand } from "../../src/cli/commands/local.ts";
import { GuardrailRegistry } from "../../src/guardrails/registry.ts";
import { createBedrockRuntimeClient } from "../../src/model/client.ts";
import { kitchenSinkBundle, SAMPLE_AGENT_DIR } from "../helpers/agent-definitions.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const API_DIR = join(SAMPLE_AGENT_DIR, "api");

describe("glassbox agents import", () => {
  it("imports a folder of API outputs: the module, its schemas, definition.json and the report", async () => {
    const out = join(tempDir(), "hr");
    const run = await runCli(["agents", "import", API_DIR, "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "# Import report: LarkspurHrAssistant (LRKSPURHR1, version DRAFT, us-east-1)",
    );
    expect(run.stdout).toContain("agent.ts exports createLarkspurHrAssistant()");
    for (const file of [
      "agent.ts",
      "action-groups/LeaveApi.openapi.json",
      "definition.json",
      "guardrail.json",
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    expect(readFileSync(join(out, "agent.ts"), "utf8")).toContain('from "glassbox/bedrock-agents"');
    const report = JSON.parse(readFileSync(join(out, "import-report.json"), "utf8"));
    expect(report.agent.agentId).toBe("LRKSPURHR1");
    expect(readFileSync(join(out, "import-report.md"), "utf8")).toBe(run.stdout.split("\nwrote ")[0]);

    // Nothing already written is overwritten without --force.
    const again = await runCli(["agents", "import", API_DIR, "--out", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/agent\.ts, .*already exist; pass --force/);
    expect((await runCli(["agents", "import", API_DIR, "--out", out, "--force"])).code).toBe(0);
  });

  it("imports from the account with --agent-id, through the real BedrockAgentClient and GetGuardrail", async () => {
    const sample = await loadAgentDefinition(API_DIR);
    const config = sample.guardrail?.config;
    // The account: the agent (without a config of its guardrail) and the guardrail in the registry.
    const { guardrail: _guardrail, ...bare } = sample;
    const guardrails = new GuardrailRegistry();
    guardrails.register(config, { id: "larkspurhrgr", version: "1" });
    const server = await localBedrock({ agents: [bare], guardrails });
    const out = tempDir();
    const run = await runCli([
      "agents",
      "import",
      "--agent-id",
      "LRKSPURHR1",
      "--endpoint",
      server.url,
      "--out",
      out,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(server.requests.all("GetAgent")).toHaveLength(1);
    expect(server.requests.all("GetAgentActionGroup")).toHaveLength(2);
    expect(server.requests.all("ListAgentKnowledgeBases")).toHaveLength(1);
    expect(readFileSync(join(out, "agent.ts"), "utf8")).toContain("ACTION_GROUPS.LeaveApi");
    expect(server.requests.all("GetGuardrail")).toHaveLength(1);
    // The guardrail's policies from the account: the same config the generated module's guardrail.json holds.
    expect(JSON.parse(readFileSync(join(out, "guardrail.json"), "utf8"))).toEqual(config);
    expect(
      parseAgentDefinition(JSON.parse(readFileSync(join(out, "definition.json"), "utf8"))).guardrail?.config,
    ).toEqual(config);
    // A guardrail the account cannot read is reported, and --strict refuses it.
    const unread = await localBedrock({ agents: [bare] });
    const strictOut = join(tempDir(), "strict");
    const strict = await runCli([
      "agents",
      "import",
      "--agent-id",
      "LRKSPURHR1",
      "--endpoint",
      unread.url,
      "--out",
      strictOut,
      "--strict",
    ]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      /guardrail\.config: the guardrail's policies could not be read \(GetGuardrail larkspurhrgr version 1 failed: ResourceNotFoundException/,
    );
    expect(existsSync(strictOut)).toBe(false);
    const lenient = await runCli([
      "agents",
      "import",
      "--agent-id",
      "LRKSPURHR1",
      "--endpoint",
      unread.url,
      "--out",
      strictOut,
    ]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("could not be read");
    expect(existsSync(join(strictOut, "guardrail.json"))).toBe(false);
    const unknown = await runCli([
      "agents",
      "import",
      "--agent-id",
      "NOSUCHAGNT",
      "--endpoint",
      server.url,
      "--out",
      out,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^glassbox: Bedrock: .*NOSUCHAGNT not found/);
    expect(unknown.stderr).not.toContain("    at ");
  });

  it("--strict fails with every item that cannot be carried over, and writes nothing", async () => {
    const file = join(tempDir(), "sink.json");
    writeFileSync(file, JSON.stringify(kitchenSinkBundle()));
    const out = join(tempDir(), "sink");
    const run = await runCli(["agents", "import", file, "--out", out, "--strict"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^glassbox: --strict: \d+ item\(s\) of agent SINK000001 cannot be carried over/,
    );
    expect(run.stderr).toContain("agent.orchestrationType: CUSTOM_ORCHESTRATION");
    expect(run.stderr).toContain("agent.memoryConfiguration:");
    expect(existsSync(out)).toBe(false);
    // The sample agent has nothing that cannot be carried over: --strict imports it.
    expect((await runCli(["agents", "import", API_DIR, "--out", tempDir(), "--strict"])).code).toBe(0);
    // Without --strict the same definition imports, and the report lists the items.
    const lenient = await runCli(["agents", "import", file, "--out", out]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("## Not carried over");
    expect(
      parseAgentDefinition(JSON.parse(readFileSync(join(out, "definition.json"), "utf8"))).agent.agentId,
    ).toBe("SINK000001");
  });

  it("bad definitions and bad flags are one-line usage errors naming the file and field", async () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, JSON.stringify({ agent: { agentId: "x" } }));
    const bad = await runCli(["agents", "import", file, "--out", tempDir()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}: agent.agentId: expected a 10-character id`);
    expect(bad.stderr).not.toContain("    at ");
    expect((await runCli(["agents", "import"])).stderr).toContain("expected one definition file or folder");
    expect((await runCli(["agents", "import", "--agent-id", "short"])).stderr).toContain(
      "--agent-id: expected a 10-character",
    );
    expect((await runCli(["agents", "import", API_DIR, "--region", "us-east-1"])).stderr).toContain(
      "--region reads from the account",
    );
    expect((await runCli(["agents", "frobnicate"])).stderr).toContain('unknown agents command "frobnicate"');
    const help = await runCli(["agents", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("glassbox agents import <file|dir>");
    expect((await runCli(["--help"])).stdout).toContain("glassbox agents import|compare");
  });
});

describe("glassbox local --agents", () => {
  it("serves an imported agent to the bedrock-agent API and its guardrail to ApplyGuardrail", async () => {
    let stdout = "";
    let stop: (value?: unknown) => void = () => {};
    const stopped = new Promise((resolve) => {
      stop = resolve;
    });
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, env: {} };
    const running = localCommand(["--port", "0", "--agents", SAMPLE_AGENT_DIR], io, stopped);
    while (!/listening on (\S+)/.test(stdout)) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (\S+)/.exec(stdout)?.[1] as string;
    expect(stdout).toContain("agent LRKSPURHR1 LarkspurHrAssistant");
    expect(stdout).toContain("guardrail larkspurhrgr version 1");
    const definition = await readAgentDefinition({
      agentId: "LRKSPURHR1",
      client: createBedrockAgentClient({ endpoint: url }),
    });
    expect(definition.actionGroups).toHaveLength(2);
    // GetGuardrail through a control-plane client like the given one: the guardrail --agents registered.
    expect(definition.guardrail?.config?.name).toBe("larkspur-hr");
    const verdict = await createBedrockRuntimeClient({ endpoint: url }).send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: "larkspurhrgr",
        guardrailVersion: "1",
        source: "INPUT",
        content: [{ text: { text: "Which stocks should I buy with my bonus?" } }],
      }),
    );
    expect(verdict.action).toBe("GUARDRAIL_INTERVENED");
    stop();
    expect(await running).toBe(0);
  });
});

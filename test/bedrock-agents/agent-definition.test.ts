import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgentDefinition, parseAgentDefinition } from "../../src/bedrock-agents/index.ts";
import { ConfigError } from "../../src/errors.ts";
import { SAMPLE_AGENT_DIR, sampleAgentBundle } from "../helpers/agent-definitions.ts";
import { tempDir } from "../helpers/fixtures.ts";

const API_DIR = join(SAMPLE_AGENT_DIR, "api");

/** A copy of the sample's API outputs that a test may break. */
function apiCopy(): string {
  const dir = tempDir();
  cpSync(API_DIR, dir, { recursive: true });
  return dir;
}

type Json = Record<string, Record<string, unknown>>;

const editJson = (file: string, edit: (json: Json) => void) => {
  const json = JSON.parse(readFileSync(file, "utf8"));
  edit(json);
  writeFileSync(file, JSON.stringify(json));
};

describe("agent definitions", () => {
  it("a folder of raw API outputs and one bundle file read to the same definition", async () => {
    const fromFolder = await loadAgentDefinition(API_DIR);
    const file = join(tempDir(), "agent.json");
    writeFileSync(file, JSON.stringify(sampleAgentBundle()));
    const fromFile = await loadAgentDefinition(file);
    expect(fromFile).toEqual(fromFolder);
    expect(fromFolder.agent.agentId).toBe("LRKSPURHR1");
    expect(fromFolder.actionGroups.map((group) => group.actionGroupName)).toEqual(["ItTickets", "LeaveApi"]);
    expect(fromFolder.knowledgeBases.map((kb) => kb.knowledgeBaseId)).toEqual(["LARKSPURKB"]);
    expect(fromFolder.guardrail?.config?.name).toBe("larkspur-hr");
    // The folder `agents import` writes (definition.json beside the module) reads the same.
    expect(await loadAgentDefinition(SAMPLE_AGENT_DIR)).toEqual(fromFolder);
  });

  it("SDK Date timestamps are accepted and kept as ISO strings", () => {
    const bundle = sampleAgentBundle() as { agent: Record<string, unknown> };
    bundle.agent.createdAt = new Date("2026-11-20T09:12:44.120Z");
    expect(parseAgentDefinition(bundle).agent.createdAt).toBe("2026-11-20T09:12:44.120Z");
  });

  it("a bad field in a folder names the file and the field", async () => {
    const dir = apiCopy();
    const file = join(dir, "get-agent-action-group-LeaveApi.json");
    editJson(file, (json) => {
      (json.agentActionGroup as Record<string, unknown>).actionGroupId = "short";
    });
    const error = await loadAgentDefinition(dir).catch((caught: unknown) => caught);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`${file}: agentActionGroup.actionGroupId:`);

    const agentFile = join(dir, "get-agent.json");
    cpSync(join(API_DIR, "get-agent-action-group-LeaveApi.json"), file);
    editJson(agentFile, (json) => {
      (json.agent as Record<string, unknown>).idleSessionTTLInSeconds = 30;
    });
    await expect(loadAgentDefinition(dir)).rejects.toThrow(`${agentFile}: agent.idleSessionTTLInSeconds:`);
  });

  it("a bad field in a bundle names the file and its path", async () => {
    const file = join(tempDir(), "agent.json");
    const bundle = sampleAgentBundle() as { agent: Record<string, unknown> };
    bundle.agent.agentId = "not-an-id";
    writeFileSync(file, JSON.stringify(bundle));
    await expect(loadAgentDefinition(file)).rejects.toThrow(
      `${file}: agent.agentId: expected a 10-character id`,
    );
    writeFileSync(file, "{ not json");
    await expect(loadAgentDefinition(file)).rejects.toThrow(`${file}: not valid JSON`);
  });

  it("refuses what does not belong: an unknown file, a second agent, groups of another agent, no agent", async () => {
    const dir = apiCopy();
    writeFileSync(join(dir, "notes.json"), JSON.stringify({ hello: "world" }));
    await expect(loadAgentDefinition(dir)).rejects.toThrow(
      `${join(dir, "notes.json")}: (file): expected a GetAgent`,
    );

    const other = apiCopy();
    mkdirSync(join(other, "more"));
    cpSync(join(other, "get-agent.json"), join(other, "more", "get-agent.json"));
    await expect(loadAgentDefinition(other)).rejects.toThrow("a second GetAgent output");

    const bundle = sampleAgentBundle();
    (bundle.actionGroups?.[0] as { agentId: string }).agentId = "OTHERAGENT";
    expect(() => parseAgentDefinition(bundle, "agent.json")).toThrow(
      "agent.json: actionGroups.0.agentId: expected the agent's id LRKSPURHR1",
    );

    const empty = tempDir();
    cpSync(join(API_DIR, "guardrail.json"), join(empty, "guardrail.json"));
    await expect(loadAgentDefinition(empty)).rejects.toThrow("no GetAgent output");
    await expect(loadAgentDefinition(join(empty, "missing"))).rejects.toThrow("no such file or folder");
  });
});

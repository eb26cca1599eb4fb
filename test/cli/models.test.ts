import { describe, expect, it } from "vitest";
import { MODEL_CATALOG } from "../../src/model/catalog.ts";
import { runCli } from "../helpers/cli.ts";

describe("glassbox models", () => {
  it("shows on-demand and profile-only serving, profiles, window, output, features and prices", async () => {
    const { code, stdout } = await runCli(["models"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    const sonnet = lines.find((line) => line.startsWith("anthropic.claude-sonnet-4-5-20250929-v1:0"));
    expect(sonnet?.split(/\s{2,}/)).toEqual([
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      "profile only",
      "us,eu,jp,au,global",
      "200K",
      "64K",
      "text,image,document",
      "auto,any,tool",
      "≥1024 5m/1h",
      "budget",
      "json,count,cite,t|p",
      "$3",
      "$15",
      "$0.3",
    ]);
    const novaPro = lines.find((line) => line.startsWith("amazon.nova-pro-v1:0"));
    expect(novaPro).toMatch(
      /^amazon\.nova-pro-v1:0\s+on-demand\s+us,eu,apac\s+300K\s+10K\s+text,image,document,video\s/,
    );
    expect(stdout).toMatch(/catalogue as of \d{4}-\d{2}-\d{2}/);
    expect(lines.filter((line) => /^[a-z0-9-]+\.\S+\s+(on-demand|profile only)\s/.test(line))).toHaveLength(
      MODEL_CATALOG.length,
    );
  });

  it("prints the catalogue as JSON with its date, sources and each model's profile ids", async () => {
    const { code, stdout } = await runCli(["models", "--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.sources).toContain(
      "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html",
    );
    const haiku = json.models.find(
      (model: { id: string }) => model.id === "anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    expect(haiku).toMatchObject({
      onDemand: false,
      maxOutputTokens: 64_000,
      inference: { temperatureTopPExclusive: true },
      profileIds: expect.arrayContaining([
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
      ]),
    });
    expect(haiku.sources.length).toBeGreaterThan(0);
  });

  it("refuses an unknown flag, naming it", async () => {
    const { code, stderr } = await runCli(["models", "--jsn"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--jsn/);
  });
});

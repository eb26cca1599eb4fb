import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";

const ROOT = join(import.meta.dirname, "../..");
const STDIO_SERVER = join(ROOT, "test/mcp/fixtures/stdio-server.mjs");

describe("glassbox mcp serve", () => {
  it("serves an agent over stdio to the SDK's own MCP client", async () => {
    const bedrock = await localBedrock();
    const transport = new StdioClientTransport({
      // tsx only so that the compiled CLI can import the TypeScript agent module it is given.
      command: process.execPath,
      args: [
        "--import",
        "tsx",
        join(ROOT, "bin/glassbox.js"),
        "mcp",
        "serve",
        "--agent",
        "graphs/tool-agent.ts:createToolAgent",
        "--endpoint",
        bedrock.url,
      ],
      cwd: ROOT,
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const client = new Client({ name: "sdk-client", version: "1" });
    await client.connect(transport).catch((error: Error) => {
      throw new Error(`${error.message}; the server's stderr: ${stderr}`);
    });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(["tool_agent"]);
      const result = (await client.callTool({
        name: "tool_agent",
        arguments: { input: "What is 6 times 7?" },
      })) as {
        content: Array<{ text: string }>;
        isError?: boolean;
      };
      expect(result.isError).toBeFalsy();
      expect(result.content[0]?.text).toContain("42");
      expect(bedrock.requests.all("ConverseStream").length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("names usage mistakes", async () => {
    expect((await runCli(["mcp", "serve"])).stderr).toMatch(/mcp serve needs --agent/);
    const missing = await runCli([
      "mcp",
      "serve",
      "--agent",
      "graphs/tool-agent.ts:nope",
      "--endpoint",
      "http://127.0.0.1:9",
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/has no export "nope"; its exports: .*createToolAgent/);
    const notAgent = await runCli([
      "mcp",
      "serve",
      "--agent",
      "graphs/tool-agent.ts:TOOL_AGENT_PROMPT",
      "--endpoint",
      "http://127.0.0.1:9",
    ]);
    expect(notAgent.stderr).toMatch(/is neither an agent nor a function returning one/);
    expect((await runCli(["mcp", "serve", "--agent", "x.ts", "--port", "1"])).stderr).toMatch(/need --http/);
    expect((await runCli(["mcp", "list"])).code).toBe(2);
  });
});

describe("glassbox run with MCP servers", () => {
  it("--mcp spawns a stdio server whose tools the agent calls", async () => {
    const run = await runCli([
      "run",
      "--local",
      "--json",
      "--mcp",
      `${process.execPath} ${STDIO_SERVER}`,
      "What is the server's process id?",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.steps.find((step: { kind: string }) => step.kind === "action")?.tool).toBe("whoami");
    expect(result.answer).toMatch(/whoami returned \d+/);
  }, 30_000);

  it("reads mcpServers from the config file (the mcp.json shape) and reports a bad entry by field", async () => {
    const dir = tempDir();
    const good = join(dir, "mcp.json");
    writeFileSync(
      good,
      JSON.stringify({
        mcpServers: { calc: { command: process.execPath, args: [STDIO_SERVER], allowTools: ["whoami"] } },
      }),
    );
    const run = await runCli([
      "run",
      "--local",
      "--json",
      "--config",
      good,
      "What is the server's process id?",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).answer).toMatch(/whoami returned \d+/);

    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        mcpServers: { old: { type: "sse", url: "http://127.0.0.1:1/sse" }, x: { args: [] } },
      }),
    );
    const failed = await runCli(["run", "--local", "--config", bad, "hi"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/mcpServers\.old: the SSE transport/);
    expect(failed.stderr).toMatch(/mcpServers\.x\.command/);
  }, 30_000);
});

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAgent } from "../../src/index.ts";
import { connectMcpServers, McpClientError } from "../../src/mcp/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const SERVER = join(import.meta.dirname, "fixtures/stdio-server.mjs");
const call = (name: string, id: string) => ({ toolUse: [{ name, input: {}, toolUseId: id }] });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("stdio MCP servers", () => {
  it("spawns the server, survives a crash and a malformed message mid-call by respawning, and stops it on close", async () => {
    const mcp = await connectMcpServers({
      calc: { command: process.execPath, args: [SERVER], timeoutMs: 5_000 },
    });
    try {
      expect(mcp.tools().map((tool) => tool.name)).toEqual(["add", "whoami", "crash", "garbage"]);
      const server = await localBedrock({
        script: [
          call("whoami", "t1"),
          call("crash", "t2"),
          call("whoami", "t3"),
          call("garbage", "t4"),
          { toolUse: [{ name: "add", input: { a: 2, b: 3 }, toolUseId: "t5" }] },
          call("whoami", "t6"),
          { text: "Survived." },
        ],
      });
      const agent = createAgent({ model: localModel(server), tools: [mcp], limits: { maxSteps: 8 } });
      const result = await agent.invoke("exercise the server");
      expect(result.outcome).toBe("answered");
      const [first, crash, second, garbage, sum, third] = result.steps.filter(
        (step) => step.kind === "observation",
      );
      expect(crash).toMatchObject({ status: "error" });
      expect(crash?.content).toMatch(/MCP server "calc": the server went away during tools\/call "crash"/);
      expect(crash?.content).toContain("crashing on purpose");
      expect(second?.status).toBe("success");
      expect(second?.content).not.toBe(first?.content);
      expect(garbage?.status).toBe("error");
      expect(garbage?.content).toMatch(
        /sent a malformed JSON-RPC message during tools\/call "garbage" \(.*JSON/,
      );
      expect(sum).toMatchObject({ status: "success", content: "5" });
      const pid = Number(third?.content);
      expect(alive(pid)).toBe(true);
      await mcp.close();
      expect(alive(pid)).toBe(false);
    } finally {
      await mcp.close();
    }
  }, 30_000);

  it("a command that cannot start is a clear connect error", async () => {
    const failing = connectMcpServers({ nope: { command: "/nonexistent/mcp-server" } });
    await expect(failing).rejects.toThrow(McpClientError);
    await expect(failing).rejects.toThrow(/MCP server "nope": cannot connect: .*ENOENT/);
  });
});

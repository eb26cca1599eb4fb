import { afterEach, describe, expect, it } from "vitest";
import { createAgent } from "../../src/index.ts";
import { connectMcpServers, type McpToolset } from "../../src/mcp/index.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";
import { testMcpServer, text } from "../helpers/mcp-servers.ts";

const toolsets: McpToolset[] = [];
afterEach(async () => {
  await Promise.all(toolsets.splice(0).map((toolset) => toolset.close()));
});

const files = () =>
  testMcpServer([
    { name: "read_file", annotations: { readOnlyHint: true }, call: () => text("the file") },
    { name: "delete_file", call: () => text("deleted") },
    { name: "touch_file", annotations: { destructiveHint: false }, call: () => text("touched") },
  ]);

describe("MCP tools that need a person's approval", () => {
  it("pauses before a destructive tool (by the server's annotations), runs harmless ones at once", async () => {
    const server = files();
    const mcp = await connectMcpServers({ files: { ...server.spec, requireApproval: "destructive" } });
    toolsets.push(mcp);
    expect(mcp.tools().map((tool) => [tool.name, tool.requiresApproval ?? false])).toEqual([
      ["read_file", false],
      ["delete_file", true],
      ["touch_file", false],
    ]);
    const local = await localBedrock({
      script: [
        { toolUse: [{ name: "read_file", input: {}, toolUseId: "r1" }] },
        { toolUse: [{ name: "delete_file", input: {}, toolUseId: "d1" }] },
        { text: "Deleted." },
      ],
    });
    const agent = createAgent({ model: localModel(local), tools: [mcp] });
    const paused = await agent.invoke("Read it, then delete it", { threadId: "files-1" });
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused?.calls).toMatchObject([{ id: "d1", name: "delete_file", reason: "approval" }]);
    expect(server.log.calls.map((call) => call.name)).toEqual(["read_file"]);
    const done = await agent.invoke(
      { resume: { decisions: { d1: { type: "approve" } } } },
      { threadId: "files-1" },
    );
    expect(done.outcome).toBe("answered");
    expect(server.log.calls.map((call) => call.name)).toEqual(["read_file", "delete_file"]);
  });

  it("reviews a tool the server adds later, and takes names and globs; a bad rule names the field", async () => {
    const server = testMcpServer([{ name: "list_files", call: () => text("a, b") }]);
    const mcp = await connectMcpServers({ files: { ...server.spec, requireApproval: ["delete_*"] } });
    toolsets.push(mcp);
    const local = await localBedrock({
      script: [{ toolUse: [{ name: "delete_all", input: {}, toolUseId: "x1" }] }, { text: "Done." }],
    });
    // No tool needs approval yet, but the agent still reviews: the server may list one later.
    const agent = createAgent({ model: localModel(local), tools: [mcp] });
    expect(agent.pauses).toBe(true);
    await server.notifyChanged([{ name: "delete_all", call: () => text("all gone") }]);
    await expect.poll(() => mcp.tools().map((tool) => tool.name)).toEqual(["delete_all"]);
    const paused = await agent.invoke("Delete everything", { threadId: "files-2" });
    expect(paused.paused?.calls).toMatchObject([{ name: "delete_all", reason: "approval" }]);
    expect(server.log.calls).toEqual([]);

    await expect(
      connectMcpServers({ files: { command: "node", requireApproval: "sometimes" } }),
    ).rejects.toThrow(/mcpServers\.files\.requireApproval/);
  });
});

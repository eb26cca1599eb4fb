import { join } from "node:path";
import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { loadAgentModule } from "../../src/serve/index.ts";
import { runCli } from "../helpers/cli.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

describe("glassbox serve --agent <module:export>", () => {
  it("calls a factory with the checkpointer and model connection the CLI chose", async () => {
    const checkpointer = new MemorySaver();
    const agent = await loadAgentModule(`${FIXTURES}/worker-agent.ts:createWorkerAgent`, {
      checkpointer,
      model: { endpoint: "http://127.0.0.1:9" },
    });
    expect(agent.name).toBe("worker_agent");
    expect(agent.graph.checkpointer).toBe(checkpointer);
  });

  it("uses an agent instance as it is, but refuses flags that cannot reach it", async () => {
    const spec = `${FIXTURES}/agent-exports.ts:builtAgent`;
    expect((await loadAgentModule(spec, {})).name).toBe("built_agent");
    await expect(loadAgentModule(spec, {}, { injected: ["--checkpointer"] })).rejects.toThrow(
      /--checkpointer cannot reach it; export a factory/,
    );
  });

  it("names the problem: a missing file, a missing export (listing the exports), not an agent", async () => {
    await expect(loadAgentModule(`${FIXTURES}/nowhere.ts:x`, {})).rejects.toThrow(
      /--agent: cannot load .*nowhere\.ts/,
    );
    await expect(loadAgentModule(`${FIXTURES}/agent-exports.ts:missing`, {})).rejects.toThrow(
      /has no export "missing"; its exports: .*builtAgent/,
    );
    await expect(loadAgentModule(`${FIXTURES}/agent-exports.ts:notAnAgent`, {})).rejects.toThrow(
      /neither an agent nor a function/,
    );
    await expect(loadAgentModule(`${FIXTURES}/agent-exports.ts:brokenFactory`, {})).rejects.toThrow(
      /did not return an agent/,
    );
  });

  it("is a usage error (exit 2, one line) without --agent or with a bad one", async () => {
    const missing = await runCli(["serve", "--local"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("serve needs --agent <module>:<export>");
    const bad = await runCli([
      "serve",
      "--local",
      "--agent",
      `${FIXTURES}/agent-exports.ts:missing`,
      "--port",
      "0",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('has no export "missing"');
    expect(bad.stderr).not.toContain("    at ");
    const port = await runCli(["serve", "--agent", "x.ts", "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port expects a whole number");
  });
});

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { studioCommand } from "../../src/cli/commands/studio.ts";
import { tempDir } from "../helpers/fixtures.ts";

describe("glassbox studio (the UI)", () => {
  it("serves the shipped graphs, the trace file and the thread store on loopback, and stops cleanly", async () => {
    const dir = tempDir();
    const traceFile = join(dir, "t.jsonl");
    const span = {
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      name: "invoke_agent tool_agent",
      startTimeUnixNano: "1700000000000000000",
      endTimeUnixNano: "1700000000100000000",
    };
    writeFileSync(traceFile, `${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })}\n`);
    let url = "";
    const seen: Record<string, unknown> = {};
    let release: () => void = () => {};
    const stop = new Promise<void>((resolve) => {
      release = resolve;
    });
    const io = {
      stdout: (text: string) => {
        url = /UI +(\S+)/.exec(text)?.[1] ?? url;
        if (!url) return;
        Promise.all([
          fetch(`${url}/api/graphs`).then((r) => r.json()),
          fetch(`${url}/api/traces`).then((r) => r.json()),
          fetch(`${url}/api/info`).then((r) => r.json()),
          fetch(`${url}/`).then((r) => [r.status, r.headers.get("content-security-policy")]),
        ])
          .then(([graphs, traces, info, page]) => Object.assign(seen, { graphs, traces, info, page }))
          .finally(release);
      },
      stderr: () => {},
      env: { GLASSBOX_KB_DIR: join(dir, "kb") },
    };
    const store = `sqlite:${join(dir, "threads.db")}`;
    const code = await studioCommand(
      [
        "--local",
        "--no-langgraph",
        "--ui-port",
        "0",
        "--checkpointer",
        store,
        "--trace-file",
        traceFile,
        "--evals-dir",
        join(dir, "evals"),
      ],
      io,
      stop,
    );
    expect(code).toBe(0);
    expect((seen.graphs as Array<{ id: string }>).map((graph) => graph.id)).toEqual([
      "react_agent",
      "approval_agent",
      "guarded_agent",
      "rag_agent",
      "triage_team",
      "handoff_desk",
      "bedrock_agent_sample",
    ]);
    const team = (
      seen.graphs as Array<{ id: string; structure: { nodes: Array<{ subgraph?: string }> } }>
    ).find((graph) => graph.id === "triage_team");
    expect(team?.structure.nodes.some((node) => node.subgraph)).toBe(true);
    expect(seen.traces).toMatchObject({ source: traceFile, spans: [{ name: "invoke_agent tool_agent" }] });
    expect(seen.info).toMatchObject({ store, traceFile });
    expect(seen.page).toEqual([200, expect.stringContaining("script-src 'self'")]);
    await expect(fetch(`${url}/api/graphs`)).rejects.toThrow();
  }, 60_000);
});

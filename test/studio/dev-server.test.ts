import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReactPolicy, type LocalBedrock, startLocalBedrock } from "../../src/local/index.ts";
import { type DevServer, startDevServer } from "../../src/studio/dev-server.ts";
import { freePort } from "../helpers/ports.ts";

// One dev server for the whole file: it costs seconds to start.
let local: LocalBedrock;
let server: DevServer;
let client: Client;
let startupMs = 0;
let kbDir = "";

beforeAll(async () => {
  local = await startLocalBedrock({ model: createReactPolicy() });
  const started = performance.now();
  kbDir = await mkdtemp(join(tmpdir(), "glassbox-studio-kb-"));
  server = await startDevServer({
    port: await freePort(),
    endpoint: local.url,
    reload: false,
    env: { GLASSBOX_KB_DIR: kbDir },
  });
  startupMs = performance.now() - started;
  client = new Client({ apiUrl: server.url });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await local?.close();
  if (kbDir) await rm(kbDir, { recursive: true, force: true });
});

type Message = {
  type: string;
  content: unknown;
  tool_calls?: Array<{ id: string; name: string; args: unknown }>;
};
type Values = {
  messages: Message[];
  steps: Array<{ kind: string; by?: string; input?: unknown; agent?: string }>;
};
type Review = { type: string; calls: Array<{ id: string; name: string; args: unknown; reason: string }> };

const ask = (content: string) => ({ messages: [{ role: "user", content }] });
const lastText = (values: Values) => String(values.messages.at(-1)?.content ?? "");

async function pausedReview(threadId: string): Promise<Review> {
  const state = await client.threads.getState(threadId);
  expect(state.next).toEqual(["review_tools"]);
  const value = state.tasks.flatMap((task) => task.interrupts ?? [])[0]?.value as Review;
  expect(value.type).toBe("tool_review");
  return value;
}

describe("LangGraph dev server (Studio's backend) over @langchain/langgraph-sdk", () => {
  it("starts offline on an explicit port and serves every shipped graph with renderable schemas", async () => {
    console.info(`dev server ready in ${Math.round(startupMs)} ms`);
    expect(server.studioUrl).toBe(
      `https://smith.langchain.com/studio?baseUrl=${encodeURIComponent(server.url)}`,
    );
    const assistants = await client.assistants.search();
    expect(assistants.map((assistant) => assistant.graph_id).sort()).toEqual([
      "approval_agent",
      "bedrock_agent_sample",
      "guarded_agent",
      "handoff_desk",
      "rag_agent",
      "react_agent",
      "triage_team",
    ]);
    const schemas = await client.assistants.getSchemas("react_agent");
    const state = schemas.state_schema as { properties: Record<string, { langgraph_type?: string }> };
    expect(state.properties.messages?.langgraph_type).toBe("messages");
    const drawn = await client.assistants.getGraph("approval_agent");
    expect(drawn.nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining(["think", "review_tools", "act"]),
    );
    const rag = await client.assistants.getGraph("rag_agent");
    expect(rag.nodes.map((node) => node.id)).toEqual(expect.arrayContaining(["retrieve", "think", "cite"]));
  });

  it("runs the triage team on a thread: the specialist's steps are in the supervisor's state", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "triage_team", { input: ask("What is 6 times 7?") });
    const state = await client.threads.getState<Values>(thread.thread_id);
    expect(lastText(state.values)).toContain("42");
    expect(state.values.steps.map((step) => step.agent)).toContain("calculator");
    const desk = await client.assistants.getGraph("handoff_desk", { xray: true });
    expect(desk.nodes.map((node) => node.id)).toEqual(
      expect.arrayContaining(["front_desk:think", "calculator:act"]),
    );
  });

  it("streams a thread run: think and act updates, and the step events", async () => {
    const thread = await client.threads.create();
    const seen: string[] = [];
    const custom: string[] = [];
    for await (const chunk of client.runs.stream(thread.thread_id, "react_agent", {
      input: ask("What is 6 times 7?"),
      streamMode: ["updates", "custom"],
    })) {
      if (chunk.event === "updates") seen.push(...Object.keys(chunk.data as object));
      if (chunk.event === "custom") custom.push((chunk.data as { type: string }).type);
    }
    // Each tool call is its own LangGraph task (its result is recorded as soon as it finishes).
    expect(seen).toEqual(["think", "execute_tool:calculator", "act", "think"]);
    expect(custom).toEqual(expect.arrayContaining(["thought", "action", "observation"]));
    const state = await client.threads.getState<Values>(thread.thread_id);
    expect(lastText(state.values)).toContain("42");
  });

  it("stops at a breakpoint before act, takes a state edit, and resumes with the edited call", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "react_agent", {
      input: ask("What is 6 times 7?"),
      interruptBefore: ["act"],
    });
    const paused = await client.threads.getState<Values>(thread.thread_id);
    expect(paused.next).toEqual(["act"]);
    const ai = paused.values.messages.at(-1) as Message & { id: string };
    const call = ai.tool_calls?.[0];
    expect(call?.name).toBe("calculator");
    await client.threads.updateState(thread.thread_id, {
      values: { messages: [{ ...ai, tool_calls: [{ ...call, args: { expression: "6 * 9" } }] }] },
    });
    expect((await client.threads.getState(thread.thread_id)).next).toEqual(["act"]);
    const done = (await client.runs.wait(thread.thread_id, "react_agent", { input: null })) as Values;
    expect(lastText(done)).toContain("54");

    // Time travel: the history has every checkpoint, the edit among them.
    const history = await client.threads.getHistory(thread.thread_id, { limit: 50 });
    expect(history.length).toBeGreaterThanOrEqual(6);
    expect(history.map((entry) => (entry.metadata as { source?: string }).source)).toContain("update");
  });

  it("pauses for approval; an edit runs with the new arguments", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "approval_agent", { input: ask("What is 6 times 7?") });
    const review = await pausedReview(thread.thread_id);
    expect(review.calls).toEqual([expect.objectContaining({ name: "calculator", reason: "approval" })]);
    const id = review.calls[0]?.id ?? "";
    const done = (await client.runs.wait(thread.thread_id, "approval_agent", {
      command: { resume: { decisions: { [id]: { type: "edit", args: { expression: "6 * 7 + 1" } } } } },
    })) as Values;
    expect(lastText(done)).toContain("43");
    // The edited call is recorded next to what the model asked for.
    expect(done.steps.find((step) => step.kind === "action")).toMatchObject({
      by: "edited",
      input: { expression: "6 * 7 + 1" },
      requested: { expression: "6 times 7" },
    });
  });

  it("pauses for approval; a rejection reaches the model with its reason", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "approval_agent", { input: ask("What is 6 times 7?") });
    const id = (await pausedReview(thread.thread_id)).calls[0]?.id ?? "";
    const done = (await client.runs.wait(thread.thread_id, "approval_agent", {
      command: { resume: { decisions: { [id]: { type: "reject", reason: "no arithmetic on Sundays" } } } },
    })) as Values;
    const tool = done.messages.find((message) => message.type === "tool");
    expect(String(tool?.content)).toContain("no arithmetic on Sundays");
    expect(done.steps.find((step) => step.kind === "action")?.by).toBe("rejected");
  });

  it("returns control for a client tool and resumes with the client's result", async () => {
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "approval_agent", { input: ask("How many miles is 10 km?") });
    const review = await pausedReview(thread.thread_id);
    expect(review.calls).toEqual([expect.objectContaining({ name: "convert_units", reason: "client" })]);
    const id = review.calls[0]?.id ?? "";
    const done = (await client.runs.wait(thread.thread_id, "approval_agent", {
      command: { resume: { decisions: { [id]: { type: "result", content: { result: 6.2137 } } } } },
    })) as Values;
    expect(lastText(done)).toContain("6.2137");
    expect(done.steps.find((step) => step.kind === "action")?.by).toBe("client");
  });
});

/** A raw HTTP/1.1 request with any headers (fetch will not send a foreign Host). */
function rawRequest(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("the dev server accepts only Studio (and loopback Hosts)", () => {
  const run = JSON.stringify({ assistant_id: "react_agent", input: ask("What is 6 times 7?") });
  const host = () => new URL(server.url).host;

  it("refuses a cross-origin text/plain POST from another page: 403, no CORS header, nothing ran", async () => {
    const before = local.requests.byStatus()[200] ?? 0;
    const refused = await rawRequest(server.url, {
      method: "POST",
      path: "/runs/wait",
      headers: { host: host(), origin: "http://evil.example", "content-type": "text/plain" },
      body: run,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    expect(JSON.parse(refused.body).message).toMatch(
      /Origin http:\/\/evil\.example may not call this server/,
    );
    expect(local.requests.byStatus()[200] ?? 0).toBe(before); // the agent never ran
  });

  it("answers a preflight from another page without allowing it, and Studio's with its origin", async () => {
    const preflight = (origin: string) =>
      rawRequest(server.url, {
        method: "OPTIONS",
        path: "/runs/wait",
        headers: {
          host: host(),
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    expect((await preflight("http://evil.example")).headers["access-control-allow-origin"]).toBeUndefined();
    expect((await preflight("https://smith.langchain.com")).headers["access-control-allow-origin"]).toBe(
      "https://smith.langchain.com",
    );
  });

  it("serves Studio's origin, and refuses a DNS-rebinding Host and a cross-site request without Origin", async () => {
    const studio = await rawRequest(server.url, {
      method: "POST",
      path: "/assistants/search",
      headers: { host: host(), origin: "https://smith.langchain.com", "content-type": "application/json" },
      body: "{}",
    });
    expect(studio.status).toBe(200);
    expect(studio.headers["access-control-allow-origin"]).toBe("https://smith.langchain.com");
    const rebound = await rawRequest(server.url, {
      method: "GET",
      path: "/ok",
      headers: { host: `evil.example:${new URL(server.url).port}` },
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).message).toMatch(/Host "evil\.example:\d+" is not this server's address/);
    const image = await rawRequest(server.url, {
      method: "GET",
      path: "/threads/search",
      headers: { host: host(), "sec-fetch-site": "cross-site" },
    });
    expect(image.status).toBe(403);
  });
});

import { randomUUID } from "node:crypto";
import { MemorySaver } from "@langchain/langgraph";
import { afterEach } from "vitest";
import { z } from "zod";
import { type Agent, type AgentOptions, createAgent, defineTool, type Tool } from "../../src/index.ts";
import type { LocalBedrock, LocalBedrockOptions } from "../../src/local/index.ts";
import { type RunningServer, type ServeOptions, serve } from "../../src/serve/index.ts";
import { localBedrock, localModel } from "./local-bedrock.ts";

const running: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A promise with its resolve, for tools that wait until a test lets them finish. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A tool that records its calls and waits for `gate` (when given) before answering. */
export function gatedTool(name: string, gate?: Promise<unknown>, extra: Partial<Tool> = {}) {
  const calls: string[] = [];
  const started = deferred<void>();
  const tool = defineTool({
    name,
    description: `The ${name} tool`,
    input: z.object({ value: z.number().optional() }),
    run: async ({ value }, { toolCallId }) => {
      calls.push(toolCallId);
      started.resolve();
      await gate;
      return { ok: true, value: value ?? null };
    },
  });
  return { tool: { ...tool, ...extra } as Tool, calls, started: started.promise };
}

/** Starts a local Bedrock and `serve(agent)` on a free loopback port; both close after the test. */
export async function servedAgent(
  options: {
    script?: LocalBedrockOptions["script"];
    agent?: Partial<AgentOptions>;
    serve?: ServeOptions | ((local: LocalBedrock) => ServeOptions);
    bedrock?: Partial<LocalBedrockOptions>;
    /** Build the agent yourself from the local Bedrock. */
    build?: (local: LocalBedrock) => Agent;
  } = {},
) {
  const local = await localBedrock({
    ...options.bedrock,
    ...(options.script ? { script: options.script } : {}),
  });
  const agent =
    options.build?.(local) ??
    createAgent({
      model: localModel(local, { retry: { maxAttempts: 1 } }),
      checkpointer: new MemorySaver(),
      ...options.agent,
    });
  const logs: string[] = [];
  const extra = typeof options.serve === "function" ? options.serve(local) : options.serve;
  const server = await serve(agent, { port: 0, log: (line) => logs.push(line), ...extra });
  running.push(server);
  return { server, url: server.url, local, agent, logs };
}

/** A new session id of AgentCore's length (33-256 characters). */
export function sessionId(): string {
  return `session-${randomUUID()}`;
}

/** `POST /invocations` with a JSON body, as any client would send it. */
export function invoke(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/invocations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Parses a `text/event-stream` body into its events (`event:` name and the JSON `data`). */
export function parseSse(text: string): Array<{ event: string; data: Record<string, unknown> }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() && !block.startsWith(":"))
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** A JSON body, loosely typed: tests read whatever fields they assert on. */
// biome-ignore lint/suspicious/noExplicitAny: assertions read arbitrary fields
export type Json = any;

/** The response's JSON body. */
export function jsonOf(response: Response): Promise<Json> {
  return response.json() as Promise<Json>;
}

import type { Agent } from "../agent/create-agent.ts";
import { type Connection, resolveConnection } from "../model/connection.ts";
import { type Checkpointer, createCheckpointer, parseCheckpointerSpec } from "../threads/checkpointer.ts";
import { numberFlag } from "./args.ts";
import type { CliIO } from "./io.ts";
import { openShippedAgent } from "./shipped-agents.ts";

/** Where `glassbox chat` and `glassbox thread` keep threads unless told otherwise. */
export const DEFAULT_CHECKPOINTER = "sqlite:.glassbox/threads.db";

/** How long a CLI run waits for a thread another process is running. */
export const THREAD_BUSY_WAIT_MS = 30_000;

/** Flags shared by the commands that work on threads. */
export const THREAD_FLAGS = {
  help: { type: "boolean", short: "h" },
  checkpointer: { type: "string" },
  model: { type: "string" },
  local: { type: "boolean" },
  endpoint: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  approve: { type: "string", multiple: true },
  "client-tool": { type: "string", multiple: true },
  "max-steps": { type: "string" },
  "no-stream": { type: "boolean" },
} as const;

export interface ThreadFlagValues {
  checkpointer?: string;
  model?: string;
  local?: boolean;
  endpoint?: string;
  region?: string;
  profile?: string;
  approve?: string[];
  "client-tool"?: string[];
  "max-steps"?: string;
  "no-stream"?: boolean;
}

/** A tool agent on a thread store, and what to release when the command ends. */
export interface ThreadAgent {
  agent: Agent;
  checkpointer: Checkpointer;
  connection: Connection;
  close(): Promise<void>;
}

/**
 * Opens the thread store (`--checkpointer`, GLASSBOX_CHECKPOINTER, else a SQLite file under .glassbox/)
 * and builds the tool agent on it. `offline` skips choosing a Bedrock endpoint (history needs none).
 */
export async function openThreadAgent(
  values: ThreadFlagValues,
  io: CliIO,
  { offline = false } = {},
): Promise<ThreadAgent> {
  const spec = parseCheckpointerSpec(
    values.checkpointer ?? io.env.GLASSBOX_CHECKPOINTER ?? DEFAULT_CHECKPOINTER,
    values.checkpointer ? "--checkpointer" : "GLASSBOX_CHECKPOINTER",
  );
  const maxSteps = numberFlag("max-steps", values["max-steps"], { min: 1, max: 1000, integer: true });
  const connection = offline
    ? { endpoint: "http://127.0.0.1:9" }
    : await resolveConnection({
        local: values.local,
        endpoint: values.endpoint,
        profile: values.profile,
        env: io.env,
      });
  if (connection.notice) io.stderr(`glassbox: ${connection.notice}\n`);
  const checkpointer = await createCheckpointer(spec);
  try {
    const { agent } = await openShippedAgent("tool", {
      model: {
        ...(values.model ? { modelId: values.model } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(values.profile ? { profile: values.profile } : {}),
        ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
        streaming: !values["no-stream"],
      },
      limits: maxSteps ? { maxSteps } : {},
      checkpointer: checkpointer.saver,
      // Another terminal on the same thread: wait for its run to end rather than fail at once.
      threadBusyWaitMs: THREAD_BUSY_WAIT_MS,
      review: { approve: values.approve ?? [], client: values["client-tool"] ?? [] },
    });
    return {
      agent,
      checkpointer,
      connection,
      close: async () => {
        await checkpointer.close();
        await connection.local?.close();
      },
    };
  } catch (error) {
    await checkpointer.close();
    await connection.local?.close();
    throw error;
  }
}

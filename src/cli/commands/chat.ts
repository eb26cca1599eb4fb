import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { RunInput, RunOptions } from "../../agent/create-agent.ts";
import type { AgentResult } from "../../agent/events.ts";
import { pausedNodes } from "../../threads/history.ts";
import { ThreadBusyError } from "../../threads/thread-lock.ts";
import { parseFlags } from "../args.ts";
import { explainError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";
import { createLineReader, type LineReader } from "../line-reader.ts";
import { createStepPrinter } from "../render.ts";
import { askDecisions } from "../review-prompt.ts";
import { openThreadAgent, THREAD_FLAGS, type ThreadAgent } from "../thread-agent.ts";

const FLAGS = { ...THREAD_FLAGS, thread: { type: "string" }, from: { type: "string" } } as const;

/**
 * `glassbox chat`: a conversation on a durable thread. Reads questions line by line from stdin, shows
 * every step, and asks at the prompt for approvals and for the results of client-run tools.
 */
export async function chatCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags("chat", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.chat);
    return 0;
  }
  const threadId = values.thread ?? randomUUID();
  const opened = await openThreadAgent(values, io);
  const reader = createLineReader((io.stdin ?? process.stdin) as Readable, io.stdout);
  io.stderr(`glassbox: thread ${threadId}; continue it with glassbox chat --thread ${threadId}\n`);
  let last: AgentResult | undefined;
  try {
    const pending = pausedNodes(await opened.agent.graph.getState({ configurable: { thread_id: threadId } }));
    if (pending.length > 0) {
      io.stdout(`resume     › the thread stopped before ${pending.join(", ")}; continuing that run\n`);
      last = await converse(opened, null, { threadId }, reader, io);
      if (!last) return 1;
    }
    let from = values.from;
    for (;;) {
      const question = await reader.ask("you        › ");
      if (question === undefined || ["/exit", "/quit"].includes(question.trim())) break;
      if (!question.trim()) continue;
      try {
        last = await converse(
          opened,
          question,
          { threadId, ...(from ? { checkpointId: from } : {}) },
          reader,
          io,
        );
      } catch (error) {
        // The thread stayed as it was: say so and let the person ask again.
        if (!ThreadBusyError.isInstance(error)) throw error;
        io.stderr(`glassbox: ${error.message}\n`);
        continue;
      }
      from = undefined;
      if (!last) return 1;
    }
    return !last || last.outcome === "answered" ? 0 : 1;
  } catch (error) {
    const explained = explainError(error, { endpoint: opened.connection.endpoint });
    io.stderr(`glassbox: ${explained.message}\n`);
    if (values.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  } finally {
    reader.close();
    await opened.close();
  }
}

/**
 * One turn of the conversation: runs it, and while it pauses on tool calls asks for the decisions and
 * resumes. Returns undefined when the input ended with the run still paused (it stays on the thread).
 */
async function converse(
  { agent }: ThreadAgent,
  input: RunInput,
  options: RunOptions,
  reader: LineReader,
  io: CliIO,
): Promise<AgentResult | undefined> {
  let result = await streamRun(agent, input, options, io);
  while (result.outcome === "interrupted") {
    const calls = result.paused?.calls ?? [];
    let next: RunInput = null;
    if (calls.length > 0) {
      const decisions = await askDecisions(calls, reader, io.stdout);
      if (!decisions) {
        io.stderr(
          `glassbox: the run is still paused; continue it with glassbox chat --thread ${options.threadId}\n`,
        );
        return undefined;
      }
      next = { resume: { decisions } };
    }
    result = await streamRun(agent, next, { threadId: options.threadId }, io);
  }
  return result;
}

async function streamRun(
  agent: ThreadAgent["agent"],
  input: RunInput,
  options: RunOptions,
  io: CliIO,
): Promise<AgentResult> {
  const printer = createStepPrinter(io.stdout);
  for await (const event of agent.stream(input, options)) {
    if (event.type !== "done") {
      printer.event(event);
      continue;
    }
    if (event.result.outcome === "interrupted") {
      printer.event(event);
      const waiting = event.result.paused?.calls.map((call) => `${call.name} (${call.reason})`) ?? [];
      io.stdout(`paused     › ${waiting.length ? `waiting for ${waiting.join(", ")}` : "at a breakpoint"}\n`);
    } else {
      printer.result(event.result);
    }
    return event.result;
  }
  throw new Error("the run ended without a result");
}

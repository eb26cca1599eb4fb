import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { builtinTools } from "../../../tools/index.ts";
import type { RunInput, RunOptions } from "../../agent/create-agent.ts";
import type { AgentResult } from "../../agent/events.ts";
import { pausedNodes } from "../../threads/history.ts";
import { ThreadBusyError } from "../../threads/thread-lock.ts";
import type { Tool } from "../../tools/define-tool.ts";
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
export async function chatCommand(args: string[], io: CliIO, interrupt?: Promise<unknown>): Promise<number> {
  const { values } = parseFlags("chat", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.chat);
    return 0;
  }
  const threadId = values.thread ?? randomUUID();
  const opened = await openThreadAgent(values, io);
  const reader = createLineReader((io.stdin ?? process.stdin) as Readable, io.stdout);
  io.stderr(`glassbox: thread ${threadId}; continue it with glassbox chat --thread ${threadId}\n`);
  // Ctrl-C stops the run in flight and the prompt; the parting line says how to go on.
  const stopped = new AbortController();
  let interrupted = false;
  let onSigint: (() => void) | undefined;
  const stop =
    interrupt ??
    new Promise<void>((resolve) => {
      onSigint = () => resolve();
      process.once("SIGINT", onSigint);
    });
  stop.then(() => {
    interrupted = true;
    stopped.abort(new Error("interrupted"));
    reader.close();
  });
  const session: Session = { opened, reader, io, signal: stopped.signal };
  let last: AgentResult | undefined;
  try {
    const pending = pausedNodes(await opened.agent.graph.getState({ configurable: { thread_id: threadId } }));
    if (pending.length > 0) {
      io.stdout(`resume     › the thread stopped before ${pending.join(", ")}; continuing that run\n`);
      last = await converse(session, null, { threadId });
      if (!last) return 1;
    }
    let from = values.from;
    for (;;) {
      const question = await reader.ask("you        › ");
      if (question === undefined || ["/exit", "/quit"].includes(question.trim())) break;
      if (!question.trim()) continue;
      try {
        last = await converse(session, question, { threadId, ...(from ? { checkpointId: from } : {}) });
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
    if (interrupted) return 130;
    const explained = explainError(error, { endpoint: opened.connection.endpoint });
    io.stderr(`glassbox: ${explained.message}\n`);
    if (values.verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  } finally {
    reader.close();
    if (onSigint) process.off("SIGINT", onSigint);
    if (interrupted) await partingLine(opened, threadId, io);
    await opened.close();
  }
}

/** What the chat works with: the agent, the prompt, where it writes, and the Ctrl-C signal. */
interface Session {
  opened: ThreadAgent;
  reader: LineReader;
  io: CliIO;
  signal: AbortSignal;
}

const TOOLS: ReadonlyMap<string, Tool> = new Map(builtinTools.map((tool) => [tool.name, tool]));

/** After Ctrl-C: where the thread stands and the command that goes on from there. */
async function partingLine(opened: ThreadAgent, threadId: string, io: CliIO): Promise<void> {
  const resume = `glassbox chat --thread ${threadId}`;
  try {
    const snapshot = await opened.agent.graph.getState({ configurable: { thread_id: threadId } });
    const next = pausedNodes(snapshot);
    if (!snapshot.createdAt)
      io.stderr(`\nglassbox: stopped before anything ran; start again with ${resume}\n`);
    else if (next.length)
      io.stderr(
        `\nglassbox: stopped; thread ${threadId} is paused before ${next.join(", ")}. Continue it with ${resume}\n`,
      );
    else
      io.stderr(
        `\nglassbox: stopped; thread ${threadId} is saved. Continue the conversation with ${resume}\n`,
      );
  } catch {
    io.stderr(`\nglassbox: stopped; continue with ${resume}\n`);
  }
}

/**
 * One turn of the conversation: runs it, and while it pauses on tool calls asks for the decisions and
 * resumes. Returns undefined when the input ended with the run still paused (it stays on the thread).
 */
async function converse(
  session: Session,
  input: RunInput,
  options: RunOptions,
): Promise<AgentResult | undefined> {
  const { opened, reader, io, signal } = session;
  let result = await streamRun(opened.agent, input, { ...options, signal }, io);
  while (result.outcome === "interrupted") {
    const calls = result.paused?.calls ?? [];
    let next: RunInput = null;
    if (calls.length > 0) {
      const decisions = await askDecisions(calls, reader, io.stdout, TOOLS);
      if (!decisions) {
        if (!signal.aborted)
          io.stderr(
            `glassbox: the run is still paused; continue it with glassbox chat --thread ${options.threadId}\n`,
          );
        return undefined;
      }
      next = { resume: { decisions } };
    }
    result = await streamRun(opened.agent, next, { threadId: options.threadId, signal }, io);
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

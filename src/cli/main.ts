import type { Readable } from "node:stream";
import { chatCommand } from "./commands/chat.ts";
import { evalCommand } from "./commands/eval.ts";
import { guardCommand } from "./commands/guard.ts";
import { kbCommand } from "./commands/kb.ts";
import { localCommand } from "./commands/local.ts";
import { modelsCommand } from "./commands/models.ts";
import { runCommand } from "./commands/run.ts";
import { serveCommand } from "./commands/serve.ts";
import { studioCommand } from "./commands/studio.ts";
import { threadCommand } from "./commands/thread.ts";
import { explainError, UsageError } from "./errors.ts";
import { HELP } from "./help.ts";

/** Where the CLI writes and what it reads; injectable so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Where interactive commands (chat) read lines; process.stdin when absent. */
  stdin?: Readable;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  run: runCommand,
  local: localCommand,
  models: modelsCommand,
  chat: chatCommand,
  thread: threadCommand,
  studio: studioCommand,
  eval: evalCommand,
  guard: guardCommand,
  kb: kbCommand,
  serve: serveCommand,
};

/** Runs the CLI and returns the exit code. User errors are one line; `--verbose` adds the stack. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = argv.includes("--verbose");
  try {
    if (!command || command === "--help" || command === "-h" || command === "help") {
      io.stdout(HELP.main);
      return command ? 0 : 2;
    }
    const handler = COMMANDS[command];
    if (!handler)
      throw new UsageError(
        `unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(", ")} (see glassbox --help)`,
      );
    return await handler(rest, io);
  } catch (error) {
    const explained = explainError(error);
    io.stderr(`glassbox: ${explained.message}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  }
}

import { glassboxPackage } from "../package-root.ts";
import { explainError, UsageError } from "./errors.ts";
import { HELP } from "./help.ts";
import type { CliIO, Command } from "./io.ts";
import { didYouMean } from "./suggest.ts";

export type { CliIO } from "./io.ts";

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

// Each command loads with its first use: `--help` and `--version` load no LangGraph, AWS SDK or OTel.
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: () => import("./commands/run.ts").then((m) => m.runCommand),
  init: () => import("./commands/init.ts").then((m) => m.initCommand),
  local: () => import("./commands/local.ts").then((m) => (args, io) => m.localCommand(args, io)),
  models: () => import("./commands/models.ts").then((m) => m.modelsCommand),
  chat: () => import("./commands/chat.ts").then((m) => m.chatCommand),
  thread: () => import("./commands/thread.ts").then((m) => m.threadCommand),
  studio: () => import("./commands/studio.ts").then((m) => (args, io) => m.studioCommand(args, io)),
  eval: () => import("./commands/eval.ts").then((m) => m.evalCommand),
  guard: () => import("./commands/guard.ts").then((m) => m.guardCommand),
  kb: () => import("./commands/kb.ts").then((m) => m.kbCommand),
  serve: () => import("./commands/serve.ts").then((m) => m.serveCommand),
  mcp: () => import("./commands/mcp.ts").then((m) => m.mcpCommand),
  agents: () => import("./commands/agents.ts").then((m) => m.agentsCommand),
};

const wantsHelp = (args: string[]) => args.includes("--help") || args.includes("-h");

/** Runs the CLI and returns the exit code. User errors are one line; `--verbose` adds the stack. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [command, ...rest] = argv;
  const verbose = argv.includes("--verbose");
  try {
    if (!command || command === "--help" || command === "-h") {
      io.stdout(HELP.main);
      return command ? 0 : 2;
    }
    if (command === "--version" || command === "-V" || command === "version") {
      io.stdout(`glassbox ${glassboxPackage().version}\n`);
      return 0;
    }
    if (command === "help") return help(rest[0], io);
    const load = COMMANDS[command];
    if (!load) {
      const names = Object.keys(COMMANDS);
      throw new UsageError(
        `unknown command "${command}"${didYouMean(command, names, (name) => `"${name}"`)} (commands: ${names.join(", ")}; see glassbox --help)`,
      );
    }
    // A command's help needs none of its code.
    if (wantsHelp(rest) && command in HELP) return help(command, io);
    return await (await load())(rest, io);
  } catch (error) {
    const explained = explainError(error);
    io.stderr(`glassbox: ${explained.message}\n`);
    if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return explained.exitCode;
  }
}

function help(command: string | undefined, io: CliIO): number {
  if (!command) {
    io.stdout(HELP.main);
    return 0;
  }
  const text = HELP[command as keyof typeof HELP];
  if (!text) {
    throw new UsageError(
      `no help for "${command}"${didYouMean(command, Object.keys(COMMANDS), (name) => `"${name}"`)} (see glassbox --help)`,
    );
  }
  io.stdout(text);
  return 0;
}

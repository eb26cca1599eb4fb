import type { Readable } from "node:stream";

/** Where the CLI writes and what it reads; injectable so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Where interactive commands (chat) read lines; process.stdin when absent. */
  stdin?: Readable;
}

/** A CLI command: its arguments after the command name in, the exit code out. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

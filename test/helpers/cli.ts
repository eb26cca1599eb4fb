import { Readable } from "node:stream";
import { main } from "../../src/cli/main.ts";

/** What an in-process CLI run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `glassbox <args>` in-process with the given environment and stdin lines. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; lines?: string[] } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    ...(options.lines ? { stdin: Readable.from(options.lines.map((line) => `${line}\n`)) } : {}),
  });
  return { code, stdout, stderr };
}

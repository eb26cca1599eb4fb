import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO } from "../io.ts";

/** `glassbox agents <subcommand>`: work with Amazon Bedrock Agents definitions and runs. */
export async function agentsCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h") {
    io.stdout(HELP.agents);
    return sub ? 0 : 2;
  }
  if (sub === "compare") return (await import("./agents-compare.ts")).agentsCompare(rest, io);
  throw new UsageError(
    `unknown agents subcommand "${sub}" (subcommands: compare; see glassbox agents --help)`,
  );
}

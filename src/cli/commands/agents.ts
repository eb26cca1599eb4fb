import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import type { CliIO, Command } from "../io.ts";

const SUBCOMMANDS: Record<string, () => Promise<Command>> = {
  import: () => import("./agents-import.ts").then((m) => m.agentsImport),
  compare: () => import("./agents-compare.ts").then((m) => m.agentsCompare),
};

/** `glassbox agents import | compare`: Amazon Bedrock Agents brought into Glassbox. */
export async function agentsCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(HELP.agents);
    return sub ? 0 : 2;
  }
  const load = SUBCOMMANDS[sub];
  if (!load)
    throw new UsageError(
      `unknown agents command "${sub}": expected import or compare (see glassbox agents --help)`,
    );
  return (await load())(rest, io);
}

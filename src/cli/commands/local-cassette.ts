import { numberFlag } from "../args.ts";
import { UsageError } from "../errors.ts";
import type { CliIO } from "../io.ts";

/** The record and replay flags of `glassbox local`. */
export const CASSETTE_FLAGS = {
  record: { type: "string" },
  upstream: { type: "string" },
  region: { type: "string" },
  profile: { type: "string" },
  replay: { type: "string" },
  "replay-timing": { type: "string" },
} as const;

/** Flags that mean the same with a cassette as with the local model. */
const SHARED = new Set(["help", "port", "host", ...Object.keys(CASSETTE_FLAGS)]);

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * `glassbox local --record <dir> --upstream …` or `--replay <dir>`: a recording proxy or a replay server
 * instead of the local model, until interrupted. Local-model flags (a script, faults, quotas...) are
 * refused: nothing would apply them.
 */
export async function serveCassette(values: Values, io: CliIO, stop: Promise<unknown>): Promise<number> {
  const modelFlag = Object.keys(values).find((name) => !SHARED.has(name) && values[name] !== undefined);
  if (modelFlag)
    throw new UsageError(`--${modelFlag} is a local-model flag: it does not go with --record or --replay`);
  const { startCassetteEndpoint } = await import("../cassette-endpoint.ts");
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const endpoint = await startCassetteEndpoint(
    {
      record: text("record"),
      replay: text("replay"),
      upstream: text("upstream"),
      region: text("region"),
      profile: text("profile"),
      timing: text("replay-timing"),
      port: numberFlag("port", text("port"), { min: 0, max: 65535, integer: true }) ?? 4010,
      host: text("host") ?? "127.0.0.1",
    },
    io.env,
  );
  for (const line of endpoint?.banner ?? []) io.stdout(`${line}\n`);
  io.stdout("  any AWS SDK: endpoint as above, any region, placeholder credentials. Ctrl-C stops.\n");
  await stop;
  await endpoint?.close();
  io.stdout(`${endpoint?.summary()}\n`);
  return 0;
}

/** The cassette flags that only mean something with `--record` or `--replay`, refused without them. */
export function rejectCassetteFlags(values: Values): void {
  const partner = {
    upstream: "--record",
    region: "--record",
    profile: "--record",
    "replay-timing": "--replay",
  };
  for (const [name, with_] of Object.entries(partner)) {
    if (values[name] !== undefined) throw new UsageError(`--${name} goes with ${with_} <dir>`);
  }
}

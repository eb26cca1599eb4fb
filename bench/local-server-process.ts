/**
 * Runs the local Bedrock in its own process so the benchmark's client side has the other core to itself.
 * Prints the server URL on stdout; an optional first argument adds that many ms of latency per request.
 */
import { createReactPolicy, startLocalBedrock } from "../src/index.ts";

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startLocalBedrock({
  model: createReactPolicy(),
  faults: latencyMs ? { latencyMs } : undefined,
});
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));

/**
 * The process `startDevServer` spawns: LangGraph's API server (`@langchain/langgraph-api`, what
 * `langgraphjs dev` runs) started with the options Glassbox computed, its origin guard among them.
 * Usage (through tsx and LangGraph's preload): dev-entry.ts <options JSON>.
 */
import { StartServerSchema, startServer } from "@langchain/langgraph-api/server";

const options = StartServerSchema.parse(JSON.parse(process.argv.at(-1) ?? "{}"));
process.env.PORT = String(options.port);
const { host, cleanup } = await startServer(options);
console.info(`glassbox studio: LangGraph API listening on ${host}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => process.exit(1), 3_000);
  cleanup().finally(() => {
    clearTimeout(forced);
    process.exit(0);
  });
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

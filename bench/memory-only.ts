/**
 * `npm run bench:memory`: only the memory part of the ReAct benchmark, for the runners in
 * BENCH_MEMORY_RUNNERS (names separated by ";"; default all) at BENCH_CONCURRENCY (default 1000,10000).
 */
import { ensureSdkPeers } from "./install-sdk-peers.ts";
import { benchMemory, MEMORY_RUNNERS } from "./react-loop.ts";

const peers = ensureSdkPeers();
if (!peers.ok) console.log(peers.reason);
const names = process.env.BENCH_MEMORY_RUNNERS?.split(";") ?? [...MEMORY_RUNNERS];
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "1000,10000").split(",").map(Number);
const memory = await benchMemory(concurrencies, names);
console.log(JSON.stringify(memory, null, 2));
process.exit(0);

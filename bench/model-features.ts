/**
 * Model-layer features against the local Bedrock (in process; these are token and length measures, not
 * timings):
 * 1. Prompt caching: a 50-turn tool-agent conversation (each turn a tool call and an answer, 100 Converse
 *    calls) with `cache: "auto"` and without, on Claude Sonnet 4.5. Reports input tokens billed, the share
 *    read from the cache after turn 2 (target ≥ 70%) and the input cost against no caching.
 * 2. Context management: on a provisioned model with a 4,000-token window, the most turns a thread
 *    reaches with the sliding window, the summariser and no manager (capped at BENCH_THREAD_TURNS, 400).
 * `npx tsx bench/model-features.ts` runs it alone.
 */
import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { createToolAgent } from "../graphs/tool-agent.ts";
import { createAgent } from "../src/agent/create-agent.ts";
import type { ContextManager } from "../src/context/context-manager.ts";
import { slidingWindow } from "../src/context/sliding-window.ts";
import { summarizing } from "../src/context/summarizing.ts";
import { createReactPolicy } from "../src/local/model/react-policy.ts";
import { startLocalBedrock } from "../src/local/server.ts";
import { priceFor } from "../src/model/pricing.ts";
import { builtinTools } from "../tools/index.ts";
import { table } from "./stats.ts";

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const SMALL = "arn:aws:bedrock:us-east-1:111122223333:provisioned-model/bench-small-window";
const SMALL_WINDOW = 4000;

const QUESTIONS = [
  (i: number) => `What is ${i + 3} times 17?`,
  (i: number) => `What day of the week is 2026-${String((i % 12) + 1).padStart(2, "0")}-15?`,
  (i: number) => `Convert ${i + 2} miles to kilometers`,
  (i: number) => `What date is ${i + 10} days after 2026-03-01?`,
];
const question = (i: number) => (QUESTIONS[i % QUESTIONS.length] as (i: number) => string)(i);

interface CacheRun {
  calls: number;
  inputTokens: number;
  cacheRead: number;
  cacheWrite: number;
  /** Billed input (plain + read + written) and cache reads over turns 3..N. */
  billedAfterTurn2: number;
  readAfterTurn2: number;
  inputCostUsd: number;
}

/** One 50-turn conversation; the caller keeps the history (no checkpointer, to measure tokens only). */
async function conversation(url: string, cache: "auto" | "off", turns: number): Promise<CacheRun> {
  const agent = createToolAgent({ model: { modelId: SONNET, endpoint: url, streaming: false, cache } });
  const price = priceFor(SONNET).price;
  const run: CacheRun = {
    calls: 0,
    inputTokens: 0,
    cacheRead: 0,
    cacheWrite: 0,
    billedAfterTurn2: 0,
    readAfterTurn2: 0,
    inputCostUsd: 0,
  };
  let history: BaseMessage[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    const result = await agent.invoke([...history, new HumanMessage(question(turn))]);
    if (result.outcome !== "answered") throw new Error(`turn ${turn} ended with ${result.outcome}`);
    history = result.messages;
    for (const step of result.steps) {
      if (step.kind !== "thought") continue;
      const u = step.usage;
      run.calls++;
      run.inputTokens += u.inputTokens;
      run.cacheRead += u.cacheReadInputTokens;
      run.cacheWrite += u.cacheWriteInputTokens;
      if (turn > 2) {
        run.billedAfterTurn2 += u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
        run.readAfterTurn2 += u.cacheReadInputTokens;
      }
      if (price)
        run.inputCostUsd +=
          (u.inputTokens * price.input +
            u.cacheReadInputTokens * (price.cacheRead ?? price.input) +
            u.cacheWriteInputTokens * (price.cacheWrite ?? price.input)) /
          1_000_000;
    }
  }
  return run;
}

/** The most turns a thread reaches on the small-window model before a turn fails (or the cap). */
async function longestThread(url: string, context: ContextManager | undefined, cap: number): Promise<number> {
  const agent = createAgent({
    model: { modelId: SMALL, endpoint: url, streaming: false, capabilities: { contextWindow: SMALL_WINDOW } },
    tools: builtinTools,
    systemPrompt: "Use the tools for arithmetic, dates and units.",
    ...(context ? { context } : {}),
  });
  let history: BaseMessage[] = [];
  for (let turn = 1; turn <= cap; turn++) {
    try {
      const result = await agent.invoke([...history, new HumanMessage(question(turn))]);
      if (result.outcome !== "answered") return turn - 1;
      history = result.messages;
    } catch {
      return turn - 1;
    }
  }
  return cap;
}

/** Runs the benchmark and returns its numbers (also printed). */
export async function benchModelFeatures(options: { turns?: number; threadCap?: number } = {}) {
  const turns = options.turns ?? 50;
  const cap = options.threadCap ?? Number(process.env.BENCH_THREAD_TURNS ?? 400);
  const server = await startLocalBedrock({
    model: createReactPolicy(),
    models: { [SMALL]: { contextWindow: SMALL_WINDOW } },
  });
  try {
    const cached = await conversation(server.url, "auto", turns);
    const plain = await conversation(server.url, "off", turns);
    const readShare = cached.readAfterTurn2 / cached.billedAfterTurn2;
    const costRatio = cached.inputCostUsd / plain.inputCostUsd;
    console.log(
      `\nPrompt caching: ${turns}-turn tool-agent conversation on ${SONNET} (${cached.calls} Converse calls)`,
    );
    const billed = (run: CacheRun) => run.inputTokens + run.cacheRead + run.cacheWrite;
    console.log(
      table(
        ["cache", "input billed", "plain", "read", "written", "read share after turn 2", "input cost USD"],
        [
          ["auto", cached, readShare],
          ["off", plain, 0],
        ].map(([name, run, share]) => {
          const r = run as CacheRun;
          return [
            String(name),
            String(billed(r)),
            String(r.inputTokens),
            String(r.cacheRead),
            String(r.cacheWrite),
            `${((share as number) * 100).toFixed(1)}%`,
            r.inputCostUsd.toFixed(4),
          ];
        }),
      ),
    );
    console.log(
      `read from cache after turn 2: ${(readShare * 100).toFixed(1)}% (target ≥ 70%); input cost with cache / without = ${costRatio.toFixed(3)}`,
    );

    const reached = {
      none: await longestThread(server.url, undefined, cap),
      slidingWindow: await longestThread(server.url, slidingWindow(), cap),
      summarizing: await longestThread(server.url, summarizing(), cap),
    };
    console.log(
      `\nContext management: turns a thread reaches on a ${SMALL_WINDOW}-token window (cap ${cap})`,
    );
    console.log(
      table(
        ["manager", "turns completed"],
        Object.entries(reached).map(([name, count]) => [
          name,
          count >= cap ? `${count} (cap)` : String(count),
        ]),
      ),
    );
    return {
      caching: { turns, cached, plain, readShareAfterTurn2: readShare, inputCostRatio: costRatio },
      threadLength: { cap, window: SMALL_WINDOW, ...reached },
    };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchModelFeatures();
  process.exit(0);
}

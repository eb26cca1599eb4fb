import type { Evaluator } from "../evaluator.ts";

type Options = { max?: number };

/** Wall time of the target call in ms (lower is better; fails above `max`). */
export function latency(options: Options = {}): Evaluator {
  return {
    key: "latency_ms",
    config: { evaluator: "latency", ...options },
    threshold: options.max,
    lowerIsBetter: true,
    evaluate: (input) => ({
      key: "latency_ms",
      score: Math.round(input.run.latencyMs * 10) / 10,
      comment: "target wall time",
      metadata: {},
    }),
  };
}

/** Total tokens the target used (lower is better; fails above `max`). */
export function tokenUsage(options: Options = {}): Evaluator {
  return {
    key: "total_tokens",
    config: { evaluator: "tokens", ...options },
    threshold: options.max,
    lowerIsBetter: true,
    evaluate(input) {
      const usage = input.outputs.usage;
      if (!usage)
        return { key: "total_tokens", score: null, comment: "the target reports no usage", metadata: {} };
      return {
        key: "total_tokens",
        score: usage.totalTokens,
        comment: `${usage.inputTokens} in, ${usage.outputTokens} out`,
        metadata: { ...usage },
      };
    },
  };
}

/** Target cost in USD (lower is better; fails above `max`); `null`, not 0, when the price is unknown. */
export function cost(options: Options = {}): Evaluator {
  return {
    key: "cost_usd",
    config: { evaluator: "cost", ...options },
    threshold: options.max,
    lowerIsBetter: true,
    evaluate(input) {
      const value = input.outputs.costUsd;
      if (value === undefined)
        return { key: "cost_usd", score: null, comment: "unknown price", metadata: {} };
      return { key: "cost_usd", score: value, comment: `$${value.toFixed(6)}`, metadata: {} };
    },
  };
}

import { seededRandom } from "../local/faults.ts";

/** Arithmetic mean (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Median (NaN for an empty list). */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The q-quantile (0–1) by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

/** A 95% (by default) percentile-bootstrap confidence interval of the mean, seeded so it is reproducible. */
export function bootstrapCI(
  values: readonly number[],
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): { mean: number; low: number; high: number } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, low: m, high: m };
  const { resamples = 2000, confidence = 0.95, seed = 42 } = options;
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[Math.floor(random() * values.length)] as number;
    means.push(sum / values.length);
  }
  const alpha = (1 - confidence) / 2;
  return { mean: m, low: quantile(means, alpha), high: quantile(means, 1 - alpha) };
}

/**
 * Paired bootstrap over aligned differences (b − a): the mean delta, its CI, and the share of resamples
 * on the other side of zero (a two-sided p-value estimate).
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  options: { resamples?: number; confidence?: number; seed?: number } = {},
): { delta: number; low: number; high: number; pValue: number } {
  const deltas = a.map((value, i) => (b[i] as number) - value);
  const { mean: delta, low, high } = bootstrapCI(deltas, options);
  if (deltas.length < 2) return { delta, low, high, pValue: delta === 0 ? 1 : 0 };
  const { resamples = 2000, seed = 42 } = options;
  const random = seededRandom(seed + 1);
  let opposite = 0;
  const centred = deltas.map((d) => d - delta);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < centred.length; i++) sum += centred[Math.floor(random() * centred.length)] as number;
    if (Math.abs(sum / centred.length) >= Math.abs(delta)) opposite++;
  }
  return { delta, low, high, pValue: delta === 0 ? 1 : opposite / resamples };
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

/** pass@k (Chen et al.): the chance that at least one of k samples from n attempts with c passes passes. */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n) return Number.NaN;
  if (n - c < k) return 1;
  return 1 - choose(n - c, k) / choose(n, k);
}

/** pass^k (τ-bench): the chance that k samples drawn from n attempts with c passes all pass. */
export function passHatK(n: number, c: number, k: number): number {
  if (k > n) return Number.NaN;
  return choose(c, k) / choose(n, k);
}

/** Wilson score interval for a rate. */
export function wilson(successes: number, total: number, z = 1.96): { low: number; high: number } {
  if (!total) return { low: 0, high: 0 };
  const p = successes / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

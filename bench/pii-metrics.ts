/**
 * PII scoring as presidio-research reports it: token level (every word token gets a gold and a predicted
 * label; F with β = 2) and span level, where a prediction matches a gold entity of the same type when
 * their intersection over union is at least a threshold (0.5 and 0.9 here), one to one. Character IoU on
 * spans trimmed of surrounding blanks and punctuation, so `Palmer,` and `Palmer` are the same span.
 */

export interface Span {
  type: string;
  start: number;
  end: number;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export const counts = (): Counts => ({ tp: 0, fp: 0, fn: 0 });

export function prf({ tp, fp, fn }: Counts, beta = 1) {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  const b2 = beta * beta;
  return { p, r, f: p + r ? ((1 + b2) * p * r) / (b2 * p + r) : 0 };
}

const EDGE = /[\s.,;:!?"'()[\]{}<>]/u;

/** The span without blanks and punctuation at its ends. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && EDGE.test(text[start] ?? "")) start++;
  while (end > start && EDGE.test(text[end - 1] ?? "")) end--;
  return { type: span.type, start, end };
}

export function iou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? inter / union : 0;
}

/**
 * Span matching at an IoU threshold, per type: pairs of the same type are matched greedily, best IoU
 * first, each entity at most once. Gold of types outside `scored` is not gold, but a prediction on it is
 * a false positive like any unmatched prediction.
 */
export function matchSpans(
  text: string,
  gold: Span[],
  predicted: Span[],
  threshold: number,
  scored: (type: string) => boolean,
  byType: Map<string, Counts>,
): void {
  const entry = (type: string) => {
    const c = byType.get(type) ?? counts();
    byType.set(type, c);
    return c;
  };
  const g = gold.filter((s) => scored(s.type)).map((s) => trimSpan(text, s));
  const p = predicted.map((s) => trimSpan(text, s));
  const pairs: Array<[number, number, number]> = [];
  g.forEach((gs, i) => {
    p.forEach((ps, j) => {
      if (gs.type !== ps.type) return;
      const value = iou(gs, ps);
      if (value >= threshold) pairs.push([value, i, j]);
    });
  });
  pairs.sort((a, b) => b[0] - a[0]);
  const goldUsed = new Set<number>();
  const predUsed = new Set<number>();
  for (const [, i, j] of pairs) {
    if (goldUsed.has(i) || predUsed.has(j)) continue;
    goldUsed.add(i);
    predUsed.add(j);
    entry((g[i] as Span).type).tp++;
  }
  g.forEach((s, i) => {
    if (!goldUsed.has(i)) entry(s.type).fn++;
  });
  p.forEach((s, j) => {
    if (!predUsed.has(j)) entry(s.type).fp++;
  });
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Token level: each word token is labelled by the entity covering it (gold and predicted). */
export function scoreTokens(
  text: string,
  gold: Span[],
  predicted: Span[],
  scored: (type: string) => boolean,
  total: Counts,
): void {
  for (const token of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const span = { start: token.index, end: token.index + token[0].length };
    const g = gold.find((entity) => overlaps(entity, span))?.type;
    const goldType = g && scored(g) ? g : undefined;
    const p = predicted.find((entity) => overlaps(entity, span))?.type;
    if (goldType && p === goldType) total.tp++;
    else {
      if (p) total.fp++;
      if (goldType) total.fn++;
    }
  }
}

export interface PiiScores {
  samples: number;
  /** Per entity type at IoU ≥ 0.5. */
  perType: Record<string, { gold: number; precision: number; recall: number; f1: number }>;
  token: { f2: number; precision: number; recall: number };
  span50: { f2: number; precision: number; recall: number };
  span90: { f2: number; precision: number; recall: number };
}

/** Scores a detector over labelled samples. */
export function scorePii(
  samples: Array<{ text: string; gold: Span[] }>,
  detect: (text: string) => Span[],
  scored: (type: string) => boolean,
): PiiScores {
  const at50 = new Map<string, Counts>();
  const at90 = new Map<string, Counts>();
  const tokens = counts();
  for (const sample of samples) {
    const predicted = detect(sample.text);
    matchSpans(sample.text, sample.gold, predicted, 0.5, scored, at50);
    matchSpans(sample.text, sample.gold, predicted, 0.9, scored, at90);
    scoreTokens(sample.text, sample.gold, predicted, scored, tokens);
  }
  const sum = (byType: Map<string, Counts>) => {
    const total = counts();
    for (const c of byType.values()) {
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
    }
    return total;
  };
  const perType: PiiScores["perType"] = {};
  for (const [type, c] of [...at50].sort(([a], [b]) => a.localeCompare(b))) {
    const { p, r, f } = prf(c);
    perType[type] = { gold: c.tp + c.fn, precision: p, recall: r, f1: f };
  }
  const f2 = (c: Counts) => {
    const { p, r, f } = prf(c, 2);
    return { f2: f, precision: p, recall: r };
  };
  return {
    samples: samples.length,
    perType,
    token: f2(tokens),
    span50: f2(sum(at50)),
    span90: f2(sum(at90)),
  };
}

import type { Usage } from "../../model/usage.ts";
import type { Rubric } from "./rubrics.ts";

/** What a judge is asked to score. */
export interface JudgeRequest {
  rubric: Rubric;
  input: string;
  output: string;
  reference?: string;
  /** Retrieved passages or tool results, joined. */
  context?: string;
}

/** A judge's verdict: the scale value, normalised to 0–1, with its label and reasons. */
export interface JudgeVerdict {
  score: number;
  value: number;
  label: string;
  explanation: string;
  judgeId: string;
  usage?: Usage;
  costUsd?: number;
  /** True when the verdict came from the cache. */
  cached?: boolean;
}

/** Something that scores outputs against rubrics: a model over Converse or the offline judge. */
export interface Judge {
  /** Identifies the judge in cache keys and reports (`offline`, or the model id). */
  readonly id: string;
  judge(request: JudgeRequest): Promise<JudgeVerdict>;
}

/** The verdict for a scale value. */
export function verdictFor(
  rubric: Rubric,
  value: number,
  explanation: string,
  judgeId: string,
): JudgeVerdict {
  const values = rubric.scale.map((level) => level.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const level = rubric.scale.reduce((best, level) =>
    Math.abs(level.value - value) < Math.abs(best.value - value) ? level : best,
  );
  return {
    score: max === min ? 1 : (level.value - min) / (max - min),
    value: level.value,
    label: level.label,
    explanation,
    judgeId,
  };
}

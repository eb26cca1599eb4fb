import type { Evaluator } from "../../src/evals/index.ts";
import { claimText, declines } from "../../src/evals/text.ts";

/**
 * `answers_or_declines`: a question the corpus answers (`metadata.answerable` not false) must get an
 * answer, and one it does not must get an honest "the documents do not answer this".
 */
export const answersOrDeclines: Evaluator = {
  key: "answers_or_declines",
  config: { evaluator: "answers_or_declines" },
  evaluate({ outputs, example }) {
    const answerable = example.metadata?.answerable !== false;
    const declined = declines(claimText(outputs.answer));
    const right = answerable ? !declined : declined;
    return {
      key: "answers_or_declines",
      score: right,
      label: declined ? "declined" : "answered",
      comment: `${answerable ? "answerable" : "not in the corpus"}; the agent ${declined ? "declined" : "answered"}`,
      metadata: { answerable },
    };
  },
};

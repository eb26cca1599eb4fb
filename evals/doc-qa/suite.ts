import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  createDocQaAgent,
  DOC_QA_PROMPT,
  ingestSampleCorpus,
  SAMPLE_CORPUS_DIR,
  SAMPLE_KB,
} from "../../graphs/doc-qa.ts";
import { agentTarget, defineSuite, guardrailGroundingScorer } from "../../src/evals/index.ts";
import { LocalGuardrail } from "../../src/guardrails/index.ts";
import { openLocalKnowledgeBase } from "../../src/kb/index.ts";
import { answersOrDeclines } from "./answers-or-declines.ts";

const guardrailConfig = JSON.parse(
  readFileSync(new URL("../../graphs/guardrails/default.json", import.meta.url), "utf8"),
) as unknown;

/** Changes to the prompt, the corpus or the grounding guardrail invalidate cached target outputs. */
const fingerprint = createHash("sha256")
  .update(DOC_QA_PROMPT)
  .update(
    readdirSync(SAMPLE_CORPUS_DIR)
      .sort()
      .map((file) => `${file}\n${readFileSync(join(SAMPLE_CORPUS_DIR, file), "utf8")}`)
      .join("\n"),
  )
  .update(JSON.stringify(guardrailConfig))
  .digest("hex")
  .slice(0, 16);

/**
 * The doc Q&A agent (graphs/doc-qa.ts) over the Larkspur Health sample corpus, ingested fresh into an
 * in-memory knowledge base each run. Reference contexts name documents by their source URI
 * (`s3://larkspur-policies/<file>`), which the retrieval evaluators match against each retrieved
 * passage's `x-amz-bedrock-kb-source-uri`. Four questions are not answered by the corpus: the agent must
 * say so. Grounding goes through the guardrail engine's contextual grounding check.
 *
 * Thresholds are what the local (extractive, not an LLM) model achieves minus a small margin; see
 * docs/evals.md. A real model should clear them easily.
 */
export default defineSuite({
  name: "doc-qa",
  description: "Doc Q&A agent: retrieval, citations, grounding and answers over the Larkspur corpus",
  target: {
    name: "doc_qa",
    fingerprint: `doc-qa:${fingerprint}`,
    create: async ({ client, model, telemetry }) => {
      // A fresh in-memory knowledge base per run: the sample corpus ingests in about a second.
      const knowledgeBase = await ingestSampleCorpus(
        openLocalKnowledgeBase({ path: ":memory:", id: SAMPLE_KB }),
      );
      return agentTarget(createDocQaAgent({ client, model, telemetry, knowledgeBase }));
    },
  },
  evaluators: [
    answersOrDeclines,
    { evaluator: "context_precision", k: 3 },
    { evaluator: "context_recall", k: 3 },
    { evaluator: "ndcg", k: 3 },
    "citation_precision",
    "citation_coverage",
    { evaluator: "grounding", groundingThreshold: 0.5, relevanceThreshold: 0.3 },
    "Builtin.Faithfulness",
    "Builtin.Correctness",
    "Builtin.Completeness",
    "token_f1",
    "latency",
    "tokens",
    "cost",
  ],
  // Measured on the local model (38 cases, offline judge): pass rate 1.00, recall/nDCG/citations/grounding
  // 1.00, grounding relevance 0.86, faithfulness 0.89, correctness 0.84, completeness 0.94. Gates sit 0.05 lower.
  thresholds: {
    passRate: 0.95,
    metrics: {
      answers_or_declines: 0.95,
      context_recall: 0.95,
      "ndcg@3": 0.95,
      citation_precision: 0.95,
      citation_coverage: 0.95,
      grounding: 0.95,
      grounding_relevance: 0.8,
      faithfulness: 0.84,
      correctness: 0.79,
      completeness: 0.89,
    },
  },
  groundingScorer: guardrailGroundingScorer(new LocalGuardrail(guardrailConfig, { id: "doc-qa-grounding" })),
});

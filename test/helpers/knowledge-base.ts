import { ingestSampleCorpus } from "../../graphs/doc-qa.ts";
import { type LocalKnowledgeBase, openLocalKnowledgeBase } from "../../src/kb/index.ts";

/** The sample corpus (the Larkspur policies) in an in-memory local knowledge base. */
export function sampleCorpusKnowledgeBase(): Promise<LocalKnowledgeBase> {
  return ingestSampleCorpus(openLocalKnowledgeBase({ path: ":memory:", id: "larkspur" }));
}

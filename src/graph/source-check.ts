import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Source } from "./state.ts";

/** What a source check decided: the passages that may enter the prompt, or a block that ends the run. */
export interface SourceCheckResult {
  /** The passages to use, possibly redacted or filtered. */
  sources: Source[];
  /** Set when the check blocks: the run ends with this message. */
  blocked?: { message: string };
}

/**
 * Inspects retrieved passages before they enter the prompt. Retrieval nodes and the `kb_search` tool call
 * it when one is configured; the guardrail retrieval checkpoint is one.
 */
export type SourceCheck = (sources: Source[], config?: LangGraphRunnableConfig) => Promise<SourceCheckResult>;

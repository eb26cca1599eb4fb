/**
 * What guardrail checkpoints and retrieval report while a run happens, besides the thought, action and
 * observation steps: plain data, streamed as `agent.stream()` events (and to the Studio) as each check
 * or retrieval finishes. They carry no matched content (no PII values), only what fired and why.
 */

/** One policy finding of a guardrail assessment. */
export interface PolicyFinding {
  /** `topic`, `content`, `word`, `pii`, `regex` or `grounding`. */
  policy: string;
  /** The topic or regex name, the filter or entity type. */
  name: string;
  /** What the guardrail did: BLOCKED, ANONYMIZED, NONE (detected only)... */
  action: string;
  /** Why, in words: confidence, a grounding score against its threshold. */
  detail?: string;
}

/** A guardrail checkpoint's verdict. */
export interface GuardrailCheck {
  /** `input`, `tool_arguments`, `tool_result`, `answer` or `retrieval`. */
  checkpoint: string;
  /** The graph node that ran it. */
  node?: string;
  guardrailId: string;
  version: string;
  /** `allowed`, `masked`, `replaced` (blocked content swapped for the blocked messaging) or `ended`. */
  result: string;
  /** The ReAct step it guarded (0 before the first thought). */
  step: number;
  findings: PolicyFinding[];
  latencyMs: number;
}

/** One retrieved passage, as shown to people. */
export interface RetrievedPassage {
  /** The label the prompt and citations use (S1, S2...). */
  id: string;
  score?: number;
  uri?: string;
  /** The first characters of the passage. */
  excerpt: string;
}

/** A knowledge-base retrieval of the run. */
export interface RetrievalReport {
  node: string;
  /** The knowledge base (the retriever's id: a Bedrock knowledge base's id). */
  dataSourceId: string;
  /**
   * The query text sent to Retrieve: the user's question (retrieval node) or the model's query
   * (`kb_search`). The run's own event, like its messages; spans carry it only with content capture on.
   */
  query: string;
  /** The `kb_search` tool call that searched (absent for the retrieval node). */
  toolCallId?: string;
  step: number;
  passages: RetrievedPassage[];
  latencyMs: number;
  /** Set when a source check dropped or blocked passages. */
  dropped?: number;
  blocked?: boolean;
}

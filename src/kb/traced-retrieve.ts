import type { Source } from "../graph/state.ts";
import { traceRetrieval } from "../telemetry/retrieval-spans.ts";
import type { SpanScope } from "../telemetry/spans.ts";
import type { RetrievalFilter } from "./retrieval-filter.ts";
import { DEFAULT_NUMBER_OF_RESULTS, type RetrievalResult, type Retriever } from "./retriever.ts";
import { chunkIdOf, toSources } from "./sources.ts";

/** What a graph's retrieval asks the knowledge base for, besides the query. */
export interface RetrievalSettings {
  numberOfResults?: number;
  searchType?: "HYBRID" | "SEMANTIC";
  filter?: RetrievalFilter;
}

/** One traced Retrieve call whose results become the run's next sources. */
export async function retrieveSources(
  retriever: Retriever,
  query: string,
  settings: RetrievalSettings,
  scope: SpanScope,
  already: number,
  signal?: AbortSignal,
): Promise<Source[]> {
  const topK = settings.numberOfResults ?? DEFAULT_NUMBER_OF_RESULTS;
  const { results } = await traceRetrieval(
    scope,
    { dataSourceId: retriever.id, query, topK, searchType: settings.searchType },
    async () => {
      const response = await retriever.retrieve(
        {
          retrievalQuery: { text: query },
          retrievalConfiguration: {
            vectorSearchConfiguration: {
              numberOfResults: topK,
              ...(settings.searchType ? { overrideSearchType: settings.searchType } : {}),
              ...(settings.filter ? { filter: settings.filter } : {}),
            },
          },
        },
        { signal },
      );
      const results: RetrievalResult[] = response.retrievalResults;
      const sources = toSources(results, retriever.id, already);
      return {
        results: sources,
        ids: sources.map((source) => chunkIdOf(source) ?? source.id),
        scores: sources.map((source) => source.score ?? 0),
      };
    },
  );
  return results;
}

import { type Attributes, SpanKind } from "@opentelemetry/api";
import { ATTR, OPERATION, PROVIDER_AWS_BEDROCK } from "./attributes.ts";
import { markError, type SpanScope, withActiveSpan } from "./spans.ts";

/** What one retrieval asked for. */
export interface RetrievalRequestInfo {
  dataSourceId: string;
  query: string;
  topK: number;
  searchType?: string;
}

/**
 * Runs one retrieval inside a `retrieval {dataSourceId}` span: `gen_ai.data_source.id`, top-k, search
 * type, then the result ids (chunk ids) and scores; the query text only when content capture is on.
 */
export async function traceRetrieval<T extends { ids: string[]; scores: number[] }>(
  scope: SpanScope,
  request: RetrievalRequestInfo,
  retrieve: () => Promise<T>,
): Promise<T> {
  const attributes: Attributes = {
    ...scope.common,
    [ATTR.operationName]: OPERATION.retrieval,
    [ATTR.providerName]: PROVIDER_AWS_BEDROCK,
    [ATTR.dataSourceId]: request.dataSourceId,
    [ATTR.bedrockKnowledgeBaseId]: request.dataSourceId,
    [ATTR.retrievalTopK]: request.topK,
  };
  if (request.searchType) attributes[ATTR.retrievalSearchType] = request.searchType;
  if (scope.captureContent) attributes[ATTR.retrievalQuery] = request.query;
  const span = (scope.componentTracer ?? scope.tracer).startSpan(
    `${OPERATION.retrieval} ${request.dataSourceId}`,
    { kind: SpanKind.CLIENT, attributes },
    scope.parent,
  );
  try {
    const result = await withActiveSpan(span, retrieve);
    span.setAttributes({
      [ATTR.retrievalResultCount]: result.ids.length,
      [ATTR.retrievalResultIds]: result.ids,
      [ATTR.retrievalResultScores]: result.scores,
    });
    return result;
  } catch (error) {
    markError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

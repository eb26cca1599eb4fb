import { z } from "zod";
import { RetrievalFilterSchema } from "./retrieval-filter.ts";

/** Bedrock's `VectorSearchRerankingConfiguration`. */
export const RerankingConfigurationSchema = z
  .object({
    type: z.literal("BEDROCK_RERANKING_MODEL"),
    bedrockRerankingConfiguration: z
      .object({
        modelConfiguration: z
          .object({
            modelArn: z.string().min(1),
            additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
        numberOfRerankedResults: z.number().int().min(1).max(100).optional(),
        metadataConfiguration: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Bedrock's `KnowledgeBaseVectorSearchConfiguration`. */
export const VectorSearchConfigurationSchema = z
  .object({
    numberOfResults: z.number().int().min(1).max(100).optional(),
    overrideSearchType: z.enum(["HYBRID", "SEMANTIC"]).optional(),
    filter: RetrievalFilterSchema.optional(),
    rerankingConfiguration: RerankingConfigurationSchema.optional(),
    implicitFilterConfiguration: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Bedrock's `KnowledgeBaseRetrievalConfiguration`. */
export const RetrievalConfigurationSchema = z
  .object({ vectorSearchConfiguration: VectorSearchConfigurationSchema.optional() })
  .strict();

/** Bedrock's `GuardrailConfiguration` for Retrieve. */
export const RetrieveGuardrailConfigurationSchema = z
  .object({ guardrailId: z.string().min(1), guardrailVersion: z.string().min(1) })
  .strict();

/** The body of a `Retrieve` request (the knowledge base id travels in the path or the retriever). */
export const RetrieveRequestSchema = z
  .object({
    retrievalQuery: z
      .object({
        text: z.string().min(1, "retrievalQuery.text must not be empty"),
        type: z.enum(["TEXT", "IMAGE"]).optional(),
      })
      .strict(),
    retrievalConfiguration: RetrievalConfigurationSchema.optional(),
    guardrailConfiguration: RetrieveGuardrailConfigurationSchema.optional(),
    nextToken: z.string().min(1).optional(),
    userContext: z.object({ userId: z.string().optional() }).strict().optional(),
  })
  .strict();
export type RetrieveRequest = z.infer<typeof RetrieveRequestSchema>;
export type VectorSearchConfiguration = z.infer<typeof VectorSearchConfigurationSchema>;

/** Bedrock's `RetrievalResultLocation` (the members Glassbox produces; others pass through). */
export interface RetrievalLocation {
  type: string;
  s3Location?: { uri?: string };
  webLocation?: { url?: string };
  customDocumentLocation?: { id?: string };
  [other: string]: unknown;
}

/** One result of `Retrieve`: Bedrock's `KnowledgeBaseRetrievalResult`. */
export interface RetrievalResult {
  content: { type?: string; text?: string; [other: string]: unknown };
  location?: RetrievalLocation;
  metadata?: Record<string, unknown>;
  /** Relevance, 0–1 for the local knowledge base. */
  score?: number;
  documentId?: string;
}

/** The response of `Retrieve`. */
export interface RetrieveResponse {
  retrievalResults: RetrievalResult[];
  nextToken?: string;
  guardrailAction?: "INTERVENED" | "NONE";
}

/**
 * One contract for every knowledge base, shaped like Bedrock's `Retrieve`: the managed Bedrock Knowledge
 * Base and the embedded local one both implement it, so graphs do not care which is behind.
 */
export interface Retriever {
  /** The knowledge base id (`gen_ai.data_source.id` on retrieval spans). */
  readonly id: string;
  retrieve(request: RetrieveRequest, options?: { signal?: AbortSignal }): Promise<RetrieveResponse>;
}

/** The default `numberOfResults` of Retrieve. */
export const DEFAULT_NUMBER_OF_RESULTS = 5;

/** The opaque paging token: the offset of the next page. */
export function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

export function decodeNextToken(token: string | undefined): number {
  if (!token) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new Error("nextToken is not a token this knowledge base returned");
}

import {
  BedrockAgentRuntimeClient,
  RetrieveCommand,
  type RetrieveCommandInput,
} from "@aws-sdk/client-bedrock-agent-runtime";
import { sdkClientConfig } from "../model/client.ts";
import {
  type RetrieveRequest,
  RetrieveRequestSchema,
  type RetrieveResponse,
  type Retriever,
} from "./retriever.ts";

/** Options of {@link createBedrockKnowledgeBase}. */
export interface BedrockKnowledgeBaseOptions {
  knowledgeBaseId: string;
  /** A client to use as is; otherwise one is built from region / endpoint. */
  client?: BedrockAgentRuntimeClient;
  region?: string;
  /** Endpoint override (the local Bedrock, a VPC endpoint). */
  endpoint?: string;
}

/** A `bedrock-agent-runtime` client; a loopback endpoint gets placeholder credentials and HTTP/1.1. */
export function createAgentRuntimeClient(options: {
  region?: string;
  endpoint?: string;
}): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient(sdkClientConfig(options));
}

/**
 * A managed Amazon Bedrock Knowledge Base behind the retriever contract: every request field (search
 * type, filter, reranking, paging, guardrail) goes to `RetrieveCommand` unchanged.
 */
export function createBedrockKnowledgeBase(options: BedrockKnowledgeBaseOptions): Retriever {
  const client = options.client ?? createAgentRuntimeClient(options);
  return {
    id: options.knowledgeBaseId,
    async retrieve(request: RetrieveRequest, run = {}): Promise<RetrieveResponse> {
      const body = RetrieveRequestSchema.parse(request);
      const input = { knowledgeBaseId: options.knowledgeBaseId, ...body } as RetrieveCommandInput;
      const response = await client.send(new RetrieveCommand(input), { abortSignal: run.signal });
      return {
        retrievalResults: (response.retrievalResults ?? []) as RetrieveResponse["retrievalResults"],
        ...(response.nextToken ? { nextToken: response.nextToken } : {}),
        ...(response.guardrailAction ? { guardrailAction: response.guardrailAction } : {}),
      };
    },
  };
}

import { z } from "zod";
import {
  GUARDRAIL_CONFIG_VERSION_PATTERN,
  GUARDRAIL_ID_PATTERN,
  KNOWLEDGE_BASE_ID_PATTERN,
} from "../bedrock-id-patterns.ts";
import { RetrievalFilterSchema } from "../kb/retrieval-filter.ts";
import { modelList, modelNumber, modelString } from "./coral-validation.ts";

/**
 * The Retrieve and RetrieveAndGenerate(Stream) request bodies as the bedrock-agent-runtime service model
 * constrains them (lengths, patterns, ranges, enums, required members), with Bedrock's messages.
 */

/** `BedrockModelArn`: a model id, or a foundation-model / inference-profile / custom-model ARN. */
export const BEDROCK_MODEL_ARN_PATTERN =
  "^(arn:aws(-[^:]+)?:(bedrock|sagemaker):[a-z0-9-]{1,20}:([0-9]{12})?:([a-z-]+/)?)?([a-z0-9.-]{1,63}){0,2}(([:][a-z0-9-]{1,63}){0,2})?(/[a-z0-9]{1,12})?$";
const RERANKING_MODEL_ARN_PATTERN = "^(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/(.*))?$";
const KMS_KEY_ARN_PATTERN = "^arn:aws(|-cn|-us-gov):kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}$";
const S3_URI_PATTERN = "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.{1,1024}$";

/** Members whose values Bedrock leaves out of its validation messages (`sensitive` in the model). */
export const SENSITIVE_MEMBERS = [
  "input",
  "retrievalQuery",
  "userContext",
  "retrievalConfiguration.vectorSearchConfiguration.filter",
  "retrievalConfiguration.managedSearchConfiguration.filter",
  "retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.retrievalConfiguration.vectorSearchConfiguration.filter",
  "retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.generationConfiguration.promptTemplate",
  "retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.orchestrationConfiguration.promptTemplate",
  "retrieveAndGenerateConfiguration.externalSourcesConfiguration.generationConfiguration.promptTemplate",
  "retrieveAndGenerateConfiguration.externalSourcesConfiguration.sources",
];

const ModelArn = modelString({ min: 1, max: 2048, pattern: BEDROCK_MODEL_ARN_PATTERN });
const AdditionalFields = z.record(modelString({ min: 1, max: 100 }), z.unknown());

export const GuardrailConfigurationSchema = z
  .object({
    guardrailId: modelString({ min: 0, max: 64, pattern: GUARDRAIL_ID_PATTERN }),
    guardrailVersion: modelString({ min: 1, max: 5, pattern: GUARDRAIL_CONFIG_VERSION_PATTERN }),
  })
  .strict();

const Fields = modelList(z.object({ fieldName: modelString({ min: 1, max: 2000 }) }).strict(), {
  min: 1,
  max: 100,
});
const RerankingSchema = z
  .object({
    type: z.enum(["BEDROCK_RERANKING_MODEL"]),
    bedrockRerankingConfiguration: z
      .object({
        modelConfiguration: z
          .object({
            modelArn: modelString({ min: 1, max: 2048, pattern: RERANKING_MODEL_ARN_PATTERN }),
            additionalModelRequestFields: AdditionalFields.optional(),
          })
          .strict(),
        numberOfRerankedResults: modelNumber({ min: 1, max: 100, integer: true }).optional(),
        metadataConfiguration: z
          .object({
            selectionMode: z.enum(["SELECTIVE", "ALL"]),
            selectiveModeConfiguration: z
              .object({ fieldsToInclude: Fields.optional(), fieldsToExclude: Fields.optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const NumberOfResults = modelNumber({ min: 1, max: 100, integer: true });

const VectorSearchSchema = z
  .object({
    numberOfResults: NumberOfResults.optional(),
    overrideSearchType: z.enum(["HYBRID", "SEMANTIC"]).optional(),
    filter: RetrievalFilterSchema.optional(),
    rerankingConfiguration: RerankingSchema.optional(),
    implicitFilterConfiguration: z
      .object({
        metadataAttributes: modelList(
          z
            .object({
              key: modelString({ min: 1, max: 256 }),
              type: z.enum(["STRING", "NUMBER", "BOOLEAN", "STRING_LIST"]),
              description: modelString({ min: 1, max: 1024 }),
            })
            .strict(),
          { min: 1, max: 25 },
        ),
        modelArn: ModelArn,
      })
      .strict()
      .optional(),
  })
  .strict();

const ManagedSearchSchema = z
  .object({
    numberOfResults: NumberOfResults.optional(),
    filter: RetrievalFilterSchema.optional(),
    rerankingConfiguration: RerankingSchema.optional(),
    rerankingModelType: z.enum(["CUSTOM", "MANAGED", "NONE"]).optional(),
  })
  .strict();

export const RetrievalConfigurationWireSchema = z
  .object({
    vectorSearchConfiguration: VectorSearchSchema.optional(),
    managedSearchConfiguration: ManagedSearchSchema.optional(),
  })
  .strict();

const UserContext = z.object({ userId: z.string() }).strict();

/** The body of `POST /knowledgebases/{knowledgeBaseId}/retrieve`. */
export const RetrieveBodySchema = z
  .object({
    retrievalQuery: z
      .object({
        text: modelString({ max: 20_000 }).optional(),
        type: z.enum(["TEXT", "IMAGE"]).optional(),
        image: z
          .object({ format: z.enum(["png", "jpeg", "gif", "webp"]), inlineContent: z.string() })
          .strict()
          .optional(),
      })
      .strict(),
    retrievalConfiguration: RetrievalConfigurationWireSchema.optional(),
    guardrailConfiguration: GuardrailConfigurationSchema.optional(),
    nextToken: modelString({ min: 1, max: 2048, pattern: "^\\S*$" }).optional(),
    userContext: UserContext.optional(),
  })
  .strict();
export type RetrieveBody = z.infer<typeof RetrieveBodySchema>;

const InferenceConfig = z
  .object({
    textInferenceConfig: z
      .object({
        maxTokens: modelNumber({ min: 0, max: 65_536, integer: true }).optional(),
        stopSequences: modelList(modelString({ min: 1, max: 1000 }), { min: 0, max: 4 }).optional(),
        temperature: modelNumber({ min: 0, max: 1 }).optional(),
        topP: modelNumber({ min: 0, max: 1 }).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
const PromptTemplate = z
  .object({ textPromptTemplate: modelString({ min: 1, max: 4000 }).optional() })
  .strict();
const Performance = z.object({ latency: z.enum(["standard", "optimized"]).optional() }).strict();

const GenerationSchema = z
  .object({
    additionalModelRequestFields: AdditionalFields.optional(),
    guardrailConfiguration: GuardrailConfigurationSchema.optional(),
    inferenceConfig: InferenceConfig.optional(),
    performanceConfig: Performance.optional(),
    promptTemplate: PromptTemplate.optional(),
  })
  .strict();

const KnowledgeBaseConfigSchema = z
  .object({
    knowledgeBaseId: modelString({ min: 0, max: 10, pattern: KNOWLEDGE_BASE_ID_PATTERN }),
    modelArn: ModelArn,
    retrievalConfiguration: RetrievalConfigurationWireSchema.optional(),
    generationConfiguration: GenerationSchema.optional(),
    orchestrationConfiguration: z
      .object({
        additionalModelRequestFields: AdditionalFields.optional(),
        inferenceConfig: InferenceConfig.optional(),
        performanceConfig: Performance.optional(),
        promptTemplate: PromptTemplate.optional(),
        queryTransformationConfiguration: z
          .object({ type: z.enum(["QUERY_DECOMPOSITION"]) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const ExternalSourceSchema = z
  .object({
    sourceType: z.enum(["S3", "BYTE_CONTENT"]),
    s3Location: z
      .object({ uri: modelString({ min: 1, max: 1024, pattern: S3_URI_PATTERN }) })
      .strict()
      .optional(),
    byteContent: z
      .object({
        contentType: modelString({ pattern: "[a-z]{1,20}/.{1,20}" }),
        data: z.string().min(1, "Member must have length greater than or equal to 1"),
        identifier: modelString({ min: 1, max: 1024 }),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ExternalSource = z.infer<typeof ExternalSourceSchema>;

const ExternalSourcesConfigSchema = z
  .object({
    modelArn: ModelArn,
    sources: modelList(ExternalSourceSchema, { min: 1, max: 1 }),
    generationConfiguration: GenerationSchema.optional(),
  })
  .strict();

/** The body of `POST /retrieveAndGenerate` and `POST /retrieveAndGenerateStream`. */
export const RetrieveAndGenerateBodySchema = z
  .object({
    // The model allows an empty text (min 0); the service refuses one, as a question is needed.
    input: z.object({ text: modelString({ min: 1, max: 1000 }) }).strict(),
    retrieveAndGenerateConfiguration: z
      .object({
        type: z.enum(["KNOWLEDGE_BASE", "EXTERNAL_SOURCES"]),
        knowledgeBaseConfiguration: KnowledgeBaseConfigSchema.optional(),
        externalSourcesConfiguration: ExternalSourcesConfigSchema.optional(),
      })
      .strict()
      .optional(),
    sessionId: modelString({ min: 2, max: 100, pattern: "^[0-9a-zA-Z._:-]+$" }).optional(),
    sessionConfiguration: z
      .object({ kmsKeyArn: modelString({ min: 1, max: 2048, pattern: KMS_KEY_ARN_PATTERN }) })
      .strict()
      .optional(),
    userContext: UserContext.optional(),
  })
  .strict();
export type RetrieveAndGenerateBody = z.infer<typeof RetrieveAndGenerateBodySchema>;
export type GenerationConfiguration = z.infer<typeof GenerationSchema>;

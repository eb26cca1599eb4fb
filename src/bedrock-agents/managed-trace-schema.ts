import { z } from "zod";

/**
 * The `InvokeAgent` response stream (`bedrock-agent-runtime` `ResponseStream`) as a recording holds it:
 * each event as the AWS SDK for JavaScript v3 or boto3 deserializes it, written out with
 * `JSON.stringify(event)` / `json.dumps(event, default=str)`. Member names are the service model's;
 * fields a comparison does not read (prompts, raw model output) are accepted and dropped.
 */

/**
 * A blob (`PayloadPart.bytes`, `FilePart.files[].bytes`): base64 text, the SDK's `Uint8Array` as
 * `JSON.stringify` writes it (`{"0":72,"1":105}`), an array of byte values, or boto3's `bytes` written
 * with `default=str` (`"b'Hi'"`).
 */
export const BlobSchema = z.union([
  z.string(),
  z.array(z.number().int().min(0).max(255)),
  z.record(z.string().regex(/^\d+$/, "expected a byte index"), z.number().int().min(0).max(255)),
]);

/** A parameter as Bedrock Agents reports it: the value a string, its declared type beside it. */
export const TraceParameterSchema = z.object({
  name: z.string().min(1),
  type: z.string().optional(),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String),
});
export type TraceParameter = z.output<typeof TraceParameterSchema>;

const Parameters = z.array(TraceParameterSchema);

/** `RequestBody.content` maps a media type to a parameter list; `ApiRequestBody` wraps it in `properties`. */
const ContentMap = z.record(z.string(), z.union([Parameters, z.object({ properties: Parameters })]));

const ActionGroupInvocationInputSchema = z.object({
  actionGroupName: z.string().min(1),
  apiPath: z.string().optional(),
  verb: z.string().optional(),
  function: z.string().optional(),
  executionType: z.string().optional(),
  invocationId: z.string().optional(),
  parameters: Parameters.optional(),
  requestBody: z.object({ content: ContentMap.optional() }).optional(),
});

const KnowledgeBaseLookupInputSchema = z.object({
  knowledgeBaseId: z.string().min(1),
  text: z.string(),
});

const InvocationInputSchema = z.object({
  invocationType: z.string().optional(),
  traceId: z.string().optional(),
  actionGroupInvocationInput: ActionGroupInvocationInputSchema.optional(),
  knowledgeBaseLookupInput: KnowledgeBaseLookupInputSchema.optional(),
  agentCollaboratorInvocationInput: z
    .object({
      agentCollaboratorName: z.string().optional(),
      agentCollaboratorAliasArn: z.string().optional(),
      input: z.object({ text: z.string().optional() }).optional(),
    })
    .optional(),
  codeInterpreterInvocationInput: z
    .object({ code: z.string().optional(), files: z.array(z.string()).optional() })
    .optional(),
});

const RetrievedReferenceSchema = z.object({
  content: z.object({ text: z.string().optional(), type: z.string().optional() }).optional(),
  location: z
    .object({
      type: z.string().optional(),
      s3Location: z.object({ uri: z.string().optional() }).optional(),
      webLocation: z.object({ url: z.string().optional() }).optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type RetrievedReference = z.output<typeof RetrievedReferenceSchema>;

const ObservationSchema = z.object({
  type: z.string().optional(),
  traceId: z.string().optional(),
  actionGroupInvocationOutput: z.object({ text: z.string().optional() }).optional(),
  knowledgeBaseLookupOutput: z
    .object({ retrievedReferences: z.array(RetrievedReferenceSchema).optional() })
    .optional(),
  finalResponse: z.object({ text: z.string().optional() }).optional(),
  repromptResponse: z.object({ text: z.string().optional(), source: z.string().optional() }).optional(),
  agentCollaboratorInvocationOutput: z
    .object({
      agentCollaboratorName: z.string().optional(),
      output: z.object({ text: z.string().optional() }).optional(),
    })
    .optional(),
  codeInterpreterInvocationOutput: z
    .object({ executionOutput: z.string().optional(), executionError: z.string().optional() })
    .optional(),
});

const UsageMetadata = z
  .object({ usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).partial().optional() })
  .optional();

const OrchestrationTraceSchema = z.object({
  rationale: z.object({ text: z.string(), traceId: z.string().optional() }).optional(),
  invocationInput: InvocationInputSchema.optional(),
  observation: ObservationSchema.optional(),
  modelInvocationInput: z.object({ traceId: z.string().optional(), type: z.string().optional() }).optional(),
  modelInvocationOutput: z.object({ metadata: UsageMetadata }).optional(),
});

const PreProcessingTraceSchema = z.object({
  modelInvocationOutput: z
    .object({
      metadata: UsageMetadata,
      parsedResponse: z
        .object({ isValid: z.boolean().optional(), rationale: z.string().optional() })
        .optional(),
    })
    .optional(),
});

const PostProcessingTraceSchema = z.object({
  modelInvocationOutput: z
    .object({ metadata: UsageMetadata, parsedResponse: z.object({ text: z.string().optional() }).optional() })
    .optional(),
});

const GuardrailTraceSchema = z.object({
  action: z.enum(["INTERVENED", "NONE"]).optional(),
  traceId: z.string().optional(),
  inputAssessments: z.array(z.record(z.string(), z.unknown())).optional(),
  outputAssessments: z.array(z.record(z.string(), z.unknown())).optional(),
});

const FailureTraceSchema = z.object({
  failureReason: z.string().optional(),
  failureCode: z.number().int().optional(),
  traceId: z.string().optional(),
});

/** `Trace`: a union, one member set. */
export const TraceSchema = z.object({
  orchestrationTrace: OrchestrationTraceSchema.optional(),
  routingClassifierTrace: OrchestrationTraceSchema.optional(),
  preProcessingTrace: PreProcessingTraceSchema.optional(),
  postProcessingTrace: PostProcessingTraceSchema.optional(),
  guardrailTrace: GuardrailTraceSchema.optional(),
  failureTrace: FailureTraceSchema.optional(),
  customOrchestrationTrace: z
    .object({ event: z.object({ text: z.string().optional() }).optional() })
    .optional(),
});
export type Trace = z.output<typeof TraceSchema>;

/** `TracePart`: who emitted the trace, and the trace. */
export const TracePartSchema = z.object({
  agentId: z.string().optional(),
  agentAliasId: z.string().optional(),
  agentVersion: z.string().optional(),
  sessionId: z.string().optional(),
  collaboratorName: z.string().optional(),
  eventTime: z.string().optional(),
  trace: TraceSchema,
});

const ReturnControlSchema = z.object({
  invocationId: z.string().optional(),
  invocationInputs: z
    .array(
      z.object({
        apiInvocationInput: z
          .object({
            actionGroup: z.string().min(1),
            apiPath: z.string().optional(),
            httpMethod: z.string().optional(),
            parameters: Parameters.optional(),
            requestBody: z.object({ content: ContentMap.optional() }).optional(),
          })
          .optional(),
        functionInvocationInput: z
          .object({ actionGroup: z.string().min(1), function: z.string(), parameters: Parameters.optional() })
          .optional(),
      }),
    )
    .min(1),
});

const CitationSchema = z.object({
  generatedResponsePart: z
    .object({ textResponsePart: z.object({ text: z.string().optional() }).optional() })
    .optional(),
  retrievedReferences: z.array(RetrievedReferenceSchema).optional(),
});

/** The exception members of `ResponseStream`: a stream that ended in an error. */
export const STREAM_EXCEPTIONS = [
  "accessDeniedException",
  "badGatewayException",
  "conflictException",
  "dependencyFailedException",
  "internalServerException",
  "modelNotReadyException",
  "resourceNotFoundException",
  "serviceQuotaExceededException",
  "throttlingException",
  "validationException",
] as const;

/** One `ResponseStream` event: exactly one member set. */
export const StreamEventSchema = z.object({
  chunk: z
    .object({
      bytes: BlobSchema.optional(),
      attribution: z
        .object({ citations: z.array(CitationSchema) })
        .partial()
        .optional(),
    })
    .optional(),
  trace: TracePartSchema.optional(),
  returnControl: ReturnControlSchema.optional(),
  files: z
    .object({
      files: z.array(z.object({ name: z.string().optional(), type: z.string().optional() })).optional(),
    })
    .optional(),
  ...Object.fromEntries(
    STREAM_EXCEPTIONS.map((name) => [name, z.object({ message: z.string().optional() }).optional()]),
  ),
});
export type StreamEvent = z.output<typeof StreamEventSchema> &
  Partial<Record<(typeof STREAM_EXCEPTIONS)[number], { message?: string }>>;

/** The members a stream event may set. */
export const EVENT_MEMBERS = ["chunk", "trace", "returnControl", "files", ...STREAM_EXCEPTIONS] as const;

/**
 * A recorded managed-agent run: the question, where it was asked, and the stream's events in order.
 *
 * @example
 * ```json
 * { "inputText": "Where is order 12345?", "sessionId": "s-1", "agentId": "ABCDEFGHIJ",
 *   "events": [{ "trace": { "trace": { "orchestrationTrace": { "rationale": { "text": "..." } } } } },
 *              { "chunk": { "bytes": "U2hpcHBlZA==" } }] }
 * ```
 */
export const RecordingSchema = z
  .object({
    inputText: z.string().min(1),
    sessionId: z.string().optional(),
    agentId: z.string().optional(),
    agentAliasId: z.string().optional(),
    /** Where the recording came from (a URL, a console export); shown, never interpreted. */
    source: z.string().optional(),
    recordedAt: z.string().optional(),
    events: z.array(z.unknown()).min(1, "a recording needs at least one event"),
  })
  .strict();

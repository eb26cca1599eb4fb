import { z } from "zod";
import { NOT_BASE64, patternConstraint } from "./coral-validation.ts";

// The bedrock-runtime service model's input shapes for Converse, ConverseStream and CountTokens, with
// every length, pattern, range and enum constraint the model declares (2023-09-30). Unions take exactly
// one member. Messages come from coral-validation.ts, in Bedrock's words.

const pattern = (source: string) =>
  z.string().regex(new RegExp(`^(?:${source})$`), patternConstraint(source));
const length = (schema: z.ZodString, min: number, max?: number) =>
  max === undefined ? schema.min(min) : schema.min(min).max(max);

/** A union shape: an object of optional members of which exactly one is set. */
function union<T extends Record<string, z.ZodType>>(members: T) {
  const names = Object.keys(members);
  return z
    .object(members)
    .partial()
    .strict()
    .superRefine((value, ctx) => {
      const set = Object.entries(value).filter(([, member]) => member !== undefined).length;
      if (set !== 1)
        ctx.addIssue({
          code: "custom",
          message: `Member must have exactly one of [${names.join(", ")}] set`,
        });
    });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** A blob as the SDK sends it in JSON: base64 text of at least `min` bytes. */
const Blob = (min = 1, max?: number) =>
  z.string().superRefine((text, ctx) => {
    if (!BASE64.test(text)) {
      ctx.addIssue({ code: "custom", message: "not base64", params: { kind: NOT_BASE64 } });
      return;
    }
    const bytes = Math.floor((text.length * 3) / 4) - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
    if (bytes < min)
      ctx.addIssue({ code: "too_small", origin: "string", minimum: min, input: text, message: "" });
    if (max !== undefined && bytes > max)
      ctx.addIssue({ code: "too_big", origin: "string", maximum: max, input: text, message: "" });
  });
const required = z.unknown().refine((value) => value !== undefined, { message: "Member must not be null" });
const Document = z.unknown();

export const TOOL_NAME_PATTERN = "[a-zA-Z0-9_-]+";
export const TOOL_USE_ID_PATTERN = "[a-zA-Z0-9_.:-]+";
const ToolName = length(pattern(TOOL_NAME_PATTERN), 1, 64);
const ToolUseId = length(pattern(TOOL_USE_ID_PATTERN), 1, 64);
const NonEmptyString = z.string().min(1);

const S3Location = z
  .object({
    uri: length(pattern("s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?"), 1, 1024),
    bucketOwner: pattern("[0-9]{12}").optional(),
  })
  .strict();
const mediaSource = () => union({ bytes: Blob(), s3Location: S3Location });

export const IMAGE_FORMATS = ["png", "jpeg", "gif", "webp"] as const;
export const DOCUMENT_FORMATS = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"] as const;
export const VIDEO_FORMATS = ["mkv", "mov", "mp4", "webm", "flv", "mpeg", "mpg", "wmv", "three_gp"] as const;
const AUDIO_FORMATS = [
  "mp3",
  "opus",
  "wav",
  "aac",
  "flac",
  "mp4",
  "ogg",
  "mkv",
  "mka",
  "x-aac",
  "m4a",
  "mpeg",
  "mpga",
  "pcm",
  "webm",
] as const;

const ImageBlock = z.object({ format: z.enum(IMAGE_FORMATS), source: mediaSource() }).strict();
const CitationsConfig = z.object({ enabled: z.boolean() }).strict();
const DocumentBlock = z
  .object({
    format: z.enum(DOCUMENT_FORMATS).optional(),
    name: length(z.string(), 1, 200),
    source: union({
      bytes: Blob(),
      s3Location: S3Location,
      text: z.string(),
      content: z.array(union({ text: z.string() })),
    }),
    context: z.string().optional(),
    citations: CitationsConfig.optional(),
  })
  .strict();
const VideoBlock = z.object({ format: z.enum(VIDEO_FORMATS), source: mediaSource() }).strict();
const AudioBlock = z.object({ format: z.enum(AUDIO_FORMATS), source: mediaSource() }).strict();
const SearchResultBlock = z
  .object({
    source: z.string(),
    title: z.string(),
    content: z.array(z.object({ text: z.string() }).strict()),
    citations: CitationsConfig.optional(),
  })
  .strict();
const CachePointBlock = z
  .object({ type: z.enum(["default"]), ttl: z.enum(["5m", "1h"]).optional() })
  .strict();
const GuardContent = union({
  text: z
    .object({
      text: z.string(),
      qualifiers: z.array(z.enum(["grounding_source", "query", "guard_content"])).optional(),
    })
    .strict(),
  image: z.object({ format: z.enum(["png", "jpeg"]), source: union({ bytes: Blob() }) }).strict(),
});
const ToolReference = z
  .object({
    type: length(z.string(), 1, 64).optional(),
    name: length(z.string(), 1, 128).optional(),
    serverName: length(z.string(), 1, 128).optional(),
  })
  .strict();

const ToolResultContentBlock = union({
  json: Document,
  text: z.string(),
  image: ImageBlock,
  document: DocumentBlock,
  video: VideoBlock,
  searchResult: SearchResultBlock,
});

/** A Converse content block: exactly one member. */
export const ContentBlockSchema = union({
  text: z.string(),
  image: ImageBlock,
  document: DocumentBlock,
  video: VideoBlock,
  audio: AudioBlock,
  toolUse: z
    .object({
      toolUseId: ToolUseId,
      name: ToolName,
      input: required,
      type: z.enum(["server_tool_use"]).optional(),
    })
    .strict(),
  toolResult: z
    .object({
      toolUseId: ToolUseId,
      content: z.array(ToolResultContentBlock),
      status: z.enum(["success", "error"]).optional(),
      type: z.string().optional(),
    })
    .strict(),
  guardContent: GuardContent,
  cachePoint: CachePointBlock,
  reasoningContent: union({
    reasoningText: z.object({ text: z.string(), signature: z.string().optional() }).strict(),
    redactedContent: Blob(),
  }),
  citationsContent: z.record(z.string(), z.unknown()),
  searchResult: SearchResultBlock,
  toolAddition: z.object({ tool: ToolReference }).strict(),
  toolRemoval: z.object({ tool: ToolReference }).strict(),
});
export type ContentBlock = z.output<typeof ContentBlockSchema>;

const MessageSchema = z
  .object({ role: z.enum(["user", "assistant", "system"]), content: z.array(ContentBlockSchema) })
  .strict();
export type Message = z.output<typeof MessageSchema>;

const SystemBlock = union({ text: NonEmptyString, guardContent: GuardContent, cachePoint: CachePointBlock });

const ToolConfiguration = z
  .object({
    tools: z
      .array(
        union({
          toolSpec: z
            .object({
              name: ToolName,
              description: NonEmptyString.optional(),
              inputSchema: union({ json: z.record(z.string(), z.unknown()) }),
              strict: z.boolean().optional(),
            })
            .strict(),
          systemTool: z.object({ name: ToolName }).strict(),
          cachePoint: CachePointBlock,
        }),
      )
      .min(1),
    toolChoice: union({
      auto: z.object({}).strict(),
      any: z.object({}).strict(),
      tool: z.object({ name: ToolName }).strict(),
    }).optional(),
  })
  .strict();

const METADATA = "[a-zA-Z0-9\\s:_@$#=/+,-.]";
const ResponseFieldPaths = z.array(length(z.string(), 1, 256)).max(10);

const fields = {
  messages: z.array(MessageSchema).optional(),
  system: z.array(SystemBlock).optional(),
  inferenceConfig: z
    .object({
      maxTokens: z.number().int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(NonEmptyString).max(2500).optional(),
    })
    .strict()
    .optional(),
  toolConfig: ToolConfiguration.optional(),
  // guardrailConfig's identifiers are checked where guardrails are applied (guardrail-routes.ts).
  guardrailConfig: z.record(z.string(), z.unknown()).optional(),
  additionalModelRequestFields: Document.optional(),
  promptVariables: z.record(z.string(), union({ text: z.string() })).optional(),
  additionalModelResponseFieldPaths: ResponseFieldPaths.optional(),
  requestMetadata: z
    .record(
      length(pattern(`${METADATA}{1,256}`), 1, 256),
      z
        .string()
        .max(256)
        .regex(new RegExp(`^${METADATA}{0,256}$`), patternConstraint(`${METADATA}{0,256}`)),
    )
    .refine(
      (entries) => Object.keys(entries).length >= 1,
      "Member must have length greater than or equal to 1",
    )
    .refine(
      (entries) => Object.keys(entries).length <= 16,
      "Member must have length less than or equal to 16",
    )
    .optional(),
  performanceConfig: z
    .object({ latency: z.enum(["standard", "optimized"]).optional() })
    .strict()
    .optional(),
  serviceTier: z
    .object({ type: z.enum(["priority", "default", "flex", "reserved"]) })
    .strict()
    .optional(),
  outputConfig: z
    .object({
      textFormat: z
        .object({
          type: z.enum(["json_schema"]),
          structure: union({
            jsonSchema: z
              .object({ schema: z.string(), name: z.string().optional(), description: z.string().optional() })
              .strict(),
          }),
        })
        .strict()
        .optional(),
      effort: z.string().max(16).optional(),
    })
    .strict()
    .optional(),
};

/** The body of a Converse / ConverseStream request, as the SDK sends it (the model id is in the path). */
export const ConverseRequestSchema = z.object(fields).strict();
export type ConverseRequest = z.output<typeof ConverseRequestSchema>;

/** `input.converse` of a CountTokens request (ConverseTokensRequest). */
const ConverseTokensSchema = z
  .object({
    messages: fields.messages,
    system: fields.system,
    toolConfig: fields.toolConfig,
    additionalModelRequestFields: fields.additionalModelRequestFields,
  })
  .strict();

/** The body of a CountTokens request. */
export const CountTokensRequestSchema = z
  .object({
    input: union({
      converse: ConverseTokensSchema,
      invokeModel: z.object({ body: Blob(0, 25_000_000) }).strict(),
    }),
  })
  .strict();

/** CountTokens' model id: FoundationModelVersionIdentifier. */
export const FOUNDATION_MODEL_VERSION = /^[a-zA-Z_.\-/0-9:]{1,256}$/;

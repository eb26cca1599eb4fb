import { z } from "zod";
import { InferenceConfigSchema, RequestMetadataSchema } from "../model/request-fields.ts";
import { validation } from "./bedrock-errors.ts";
import type { LocalModelRequest } from "./model-contract.ts";

const Text = z.string();
const ToolName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must match [a-zA-Z0-9_-]{1,64}");

const ToolResultContent = z.union([
  z.object({ text: Text }).strict(),
  z.object({ json: z.unknown() }).strict(),
  z.object({ image: z.unknown() }).strict(),
  z.object({ document: z.unknown() }).strict(),
  z.object({ video: z.unknown() }).strict(),
  z.object({ searchResult: z.unknown() }).strict(),
]);

const Bytes = z.string().min(1, "bytes must not be empty");
const S3Location = z
  .object({
    uri: z.string().regex(/^s3:\/\/[^/]+\/.+/, "must be an s3://bucket/key URI"),
    bucketOwner: z.string().optional(),
  })
  .strict();
const CachePointShape = z
  .object({ type: z.literal("default"), ttl: z.enum(["5m", "1h"]).optional() })
  .strict();

const ImageBlock = z
  .object({
    format: z.enum(["png", "jpeg", "gif", "webp"]),
    source: z.union([z.object({ bytes: Bytes }).strict(), z.object({ s3Location: S3Location }).strict()]),
  })
  .strict();

const DocumentBlock = z
  .object({
    format: z.enum(["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"]).optional(),
    name: z.string().min(1).max(200),
    source: z.union([
      z.object({ bytes: Bytes }).strict(),
      z.object({ s3Location: S3Location }).strict(),
      z.object({ text: z.string() }).strict(),
      z.object({ content: z.array(z.object({ text: z.string() }).strict()) }).strict(),
    ]),
    context: z.string().optional(),
    citations: z.object({ enabled: z.boolean() }).strict().optional(),
  })
  .strict();

const ReasoningContent = z.union([
  z
    .object({ reasoningText: z.object({ text: z.string(), signature: z.string().optional() }).strict() })
    .strict(),
  z.object({ redactedContent: Bytes }).strict(),
]);

/** A Converse content block: exactly one member. */
const ContentBlock = z.union([
  z.object({ text: Text }).strict(),
  z
    .object({
      toolUse: z
        .object({
          toolUseId: z.string().min(1).max(64),
          name: ToolName,
          input: z.unknown(),
          type: z.string().optional(),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      toolResult: z
        .object({
          toolUseId: z.string().min(1).max(64),
          content: z.array(ToolResultContent),
          status: z.enum(["success", "error"]).optional(),
          type: z.string().optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ image: ImageBlock }).strict(),
  z.object({ document: DocumentBlock }).strict(),
  z.object({ video: z.unknown() }).strict(),
  z.object({ audio: z.unknown() }).strict(),
  z.object({ guardContent: z.unknown() }).strict(),
  z.object({ cachePoint: CachePointShape }).strict(),
  z.object({ reasoningContent: ReasoningContent }).strict(),
  z.object({ citationsContent: z.unknown() }).strict(),
  z.object({ searchResult: z.unknown() }).strict(),
]);

const Message = z.object({ role: z.enum(["user", "assistant"]), content: z.array(ContentBlock) }).strict();

const SystemBlock = z.union([
  z.object({ text: Text }).strict(),
  z.object({ guardContent: z.unknown() }).strict(),
  z.object({ cachePoint: CachePointShape }).strict(),
]);

const Tool = z.union([
  z
    .object({
      toolSpec: z
        .object({
          name: ToolName,
          description: z.string().min(1).optional(),
          inputSchema: z.object({ json: z.record(z.string(), z.unknown()) }).strict(),
          strict: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  z.object({ systemTool: z.object({ name: z.string() }).strict() }).strict(),
  z.object({ cachePoint: CachePointShape }).strict(),
]);

/** The body of a Converse / ConverseStream request, as the SDK sends it (the model id is in the path). */
export const ConverseRequestSchema = z
  .object({
    messages: z.array(Message).optional(),
    system: z.array(SystemBlock).optional(),
    inferenceConfig: InferenceConfigSchema.optional(),
    toolConfig: z
      .object({
        tools: z.array(Tool).min(1),
        toolChoice: z
          .union([
            z.object({ auto: z.object({}) }).strict(),
            z.object({ any: z.object({}) }).strict(),
            z.object({ tool: z.object({ name: ToolName }).strict() }).strict(),
          ])
          .optional(),
      })
      .strict()
      .optional(),
    guardrailConfig: z.record(z.string(), z.unknown()).optional(),
    additionalModelRequestFields: z.unknown().optional(),
    additionalModelResponseFieldPaths: z.array(z.string()).max(10).optional(),
    promptVariables: z.record(z.string(), z.unknown()).optional(),
    requestMetadata: RequestMetadataSchema.optional(),
    performanceConfig: z
      .object({ latency: z.enum(["standard", "optimized"]) })
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
            type: z.literal("json_schema"),
            structure: z
              .object({
                jsonSchema: z
                  .object({
                    schema: z.string(),
                    name: z.string().optional(),
                    description: z.string().optional(),
                  })
                  .strict(),
              })
              .strict(),
          })
          .strict()
          .optional(),
        effort: z.string().max(16).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type ConverseRequest = z.infer<typeof ConverseRequestSchema>;

/**
 * Validates a request body the way Bedrock does: shape first (with the field's location in the message),
 * then the conversation rules Bedrock enforces. Throws a ValidationException-shaped error.
 */
export function validateConverseRequest(body: unknown, modelId: string): LocalModelRequest {
  const parsed = ConverseRequestSchema.safeParse(body);
  if (!parsed.success) {
    const count = parsed.error.issues.length;
    const details = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `Value at '${issue.path.join(".")}' failed to satisfy constraint: ${issue.message}`)
      .join("; ");
    throw validation(`${count} validation error${count === 1 ? "" : "s"} detected: ${details}`);
  }
  const request = parsed.data;
  const messages = request.messages ?? [];
  checkConversation(messages, request.toolConfig !== undefined);
  for (const [i, block] of (request.system ?? []).entries()) {
    if ("text" in block && !block.text.trim()) {
      throw validation(
        `The text field in the SystemContentBlock object at system.${i} is blank. Add text to the text field, and try again.`,
      );
    }
  }
  const toolNames = (request.toolConfig?.tools ?? []).flatMap((tool) =>
    "toolSpec" in tool ? [tool.toolSpec.name] : [],
  );
  const choice = request.toolConfig?.toolChoice;
  if (choice && "tool" in choice && !toolNames.includes(choice.tool.name)) {
    throw validation(
      `The tool ${choice.tool.name} named in toolConfig.toolChoice is not defined in toolConfig.tools.`,
    );
  }
  return { ...(request as Omit<LocalModelRequest, "modelId">), modelId, messages } as LocalModelRequest;
}

type Msg = z.infer<typeof Message>;

function checkConversation(messages: Msg[], hasToolConfig: boolean): void {
  if (messages.length === 0)
    throw validation(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  if (messages[0]?.role !== "user") {
    throw validation(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
    );
  }
  let pendingToolUse: string[] = [];
  messages.forEach((message, i) => {
    if (i > 0 && messages[i - 1]?.role === message.role) {
      throw validation(
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
      );
    }
    const uses: string[] = [];
    const results: string[] = [];
    message.content.forEach((block, j) => {
      if ("text" in block && !block.text.trim()) {
        throw validation(
          `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`,
        );
      }
      if ("toolUse" in block) uses.push(block.toolUse.toolUseId);
      if ("toolResult" in block) results.push(block.toolResult.toolUseId);
    });
    if ((uses.length || results.length) && !hasToolConfig) {
      throw validation(
        "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
      );
    }
    if (message.role === "assistant" && results.length) {
      throw validation(`messages.${i}.content: an assistant message cannot contain toolResult blocks.`);
    }
    if (message.role === "user") {
      if (results.length > pendingToolUse.length) {
        throw validation(
          `The number of toolResult blocks at messages.${i}.content exceeds the number of toolUse blocks of previous turn.`,
        );
      }
      const missing = pendingToolUse.filter((id) => !results.includes(id));
      if (missing.length) {
        throw validation(
          `Expected toolResult blocks at messages.${i}.content for the following Ids: ${missing.join(", ")}`,
        );
      }
      pendingToolUse = [];
    } else {
      pendingToolUse = uses;
    }
  });
}

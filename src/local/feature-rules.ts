import type { ModelCapabilities } from "../model/catalog.ts";
import { schemaProblems } from "../output/json-schema-rules.ts";
import { validation } from "./bedrock-errors.ts";
import { imageSize, sniffImageFormat, sourceBytes } from "./media.ts";
import type { ReasoningSigner } from "./reasoning-signature.ts";

type Block = Record<string, unknown>;

/** The request fields the feature rules read (after shape validation). */
export interface FeatureRequest {
  messages: Array<{ role: "user" | "assistant"; content: Block[] }>;
  system?: Block[];
  toolConfig?: { tools: Block[]; toolChoice?: Block };
  inferenceConfig?: { maxTokens?: number; temperature?: number; topP?: number };
  additionalModelRequestFields?: unknown;
  outputConfig?: unknown;
}

/** What the rules found the request asks for. */
export interface Features {
  thinking?: { style: "budget"; budgetTokens: number } | { style: "effort"; effort: string };
  /** The parsed JSON Schema of `outputConfig.textFormat`. */
  outputSchema?: Record<string, unknown>;
}

const MODEL_ERROR = "The model returned the following errors: ";
const MALFORMED = (path: string, key: string) =>
  `Malformed input request: #/${path}: extraneous key [${key}] is not permitted, please reformat your input and try again.`;

const MB = 1024 * 1024;
export const MEDIA_LIMITS = {
  images: 20,
  imageBytes: 3.75 * MB,
  imagePixels: 8000,
  documents: 5,
  documentBytes: 4.5 * MB,
} as const;

/** Bedrock's rule for `DocumentBlock.name`: letters, digits, single spaces, hyphens, parentheses, brackets (underscores pass). */
export const DOCUMENT_NAME = /^(?!.*\s\s)[A-Za-z0-9\s\-()[\]_]{1,200}$/;
export const DOCUMENT_NAME_MESSAGE =
  "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character. Check that the file name conforms to these restrictions and retry your request.";

/** Applies Bedrock's rules for caching, reasoning, structured output and files; throws a ValidationException. */
export function checkFeatures(
  request: FeatureRequest,
  modelId: string,
  capabilities: ModelCapabilities,
  signer: ReasoningSigner,
  provider: string | undefined,
): Features {
  checkCachePoints(request, modelId, capabilities);
  checkMedia(request, modelId, capabilities);
  const thinking = checkThinking(request, capabilities, provider);
  checkReasoningReplay(request, capabilities, signer);
  const outputSchema = checkOutputConfig(request, capabilities);
  return { ...(thinking ? { thinking } : {}), ...(outputSchema ? { outputSchema } : {}) };
}

interface PointRef {
  path: string;
  ttl: "5m" | "1h";
}

function checkCachePoints(request: FeatureRequest, modelId: string, capabilities: ModelCapabilities): void {
  const points: PointRef[] = [];
  const support = capabilities.caching;
  const collect = (
    list: Block[],
    path: string,
    field: "tools" | "system" | "messages",
    messageIndex?: number,
  ) => {
    list.forEach((block, i) => {
      const point = block.cachePoint as { ttl?: "5m" | "1h" } | undefined;
      if (!point) return;
      if (!support)
        throw validation(
          "You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.",
        );
      if (!support.fields.includes(field))
        throw validation(MALFORMED(`${path.replaceAll(".", "/")}/${i}`, "cachePoint"));
      const previous = list[i - 1];
      if (!previous || previous.cachePoint) throw validation("There is nothing available to cache.");
      if (previous.reasoningContent)
        throw validation(
          "Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.",
        );
      if (messageIndex !== undefined && !support.inToolTurns && list.some((b) => b.toolResult || b.toolUse))
        throw validation(MALFORMED(`messages/${messageIndex}`, "cachePoint"));
      points.push({ path: `${path}.${i}`, ttl: point.ttl ?? "5m" });
    });
  };
  collect(request.toolConfig?.tools ?? [], "toolConfig.tools", "tools");
  collect(request.system ?? [], "system", "system");
  request.messages.forEach((message, i) => {
    collect(message.content, `messages.${i}.content`, "messages", i);
  });
  if (!points.length || !support) return;
  if (points.length > support.maxPoints)
    throw validation(
      `A maximum of ${support.maxPoints} blocks with cache_control may be provided. Found ${points.length}.`,
    );
  let previous: PointRef | undefined;
  for (const point of points) {
    if (!support.ttls.includes(point.ttl))
      throw validation(
        `${MODEL_ERROR}${point.path}.cache_control.ttl: ttl '${point.ttl}' is not supported by ${modelId}`,
      );
    if (previous?.ttl === "5m" && point.ttl === "1h")
      throw validation(
        `${MODEL_ERROR}${point.path}.cache_control.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block`,
      );
    previous = point;
  }
}

function checkMedia(request: FeatureRequest, modelId: string, capabilities: ModelCapabilities): void {
  let images = 0;
  const names = new Set<string>();
  request.messages.forEach((message, i) => {
    let documentsHere = 0;
    const media = message.content.flatMap((block, j) => {
      const where = `messages.${i}.content.${j}`;
      const nested = ((block.toolResult as Block | undefined)?.content ?? []) as Block[];
      return [
        { block, where },
        ...nested.map((inner, k) => ({ block: inner, where: `${where}.toolResult.content.${k}` })),
      ];
    });
    for (const { block, where } of media) {
      const kind = block.image ? "image" : block.document ? "document" : block.video ? "video" : undefined;
      if (!kind) continue;
      const item = block[kind] as Block;
      if (message.role !== "user")
        throw validation(`${where}: ${kind} blocks are only allowed in user messages.`);
      const supported = {
        image: capabilities.images,
        document: capabilities.documents,
        video: capabilities.video,
      };
      if (!supported[kind]) throw validation(`The model ${modelId} doesn't support ${kind} content blocks.`);
      const bytes = sourceBytes(item.source);
      if (kind === "video") {
        if (bytes && !videoMatches(bytes, String(item.format)))
          throw validation(`${where}.video: the bytes are not ${String(item.format)} video data.`);
        continue;
      }
      if (kind === "image") {
        images++;
        if (images > MEDIA_LIMITS.images)
          throw validation(`You can't include more than ${MEDIA_LIMITS.images} images in a request.`);
        if (!bytes) continue;
        if (bytes.length > MEDIA_LIMITS.imageBytes)
          throw validation(`${where}.image: the image is larger than 3.75 MB.`);
        const actual = sniffImageFormat(bytes);
        if (actual !== item.format)
          throw validation(
            actual
              ? `${where}.image: the image is ${actual} data but its format says ${String(item.format)}.`
              : `${where}.image: the bytes are not a ${String(item.format)} image.`,
          );
        const size = imageSize(bytes);
        if (size && (size.width > MEDIA_LIMITS.imagePixels || size.height > MEDIA_LIMITS.imagePixels))
          throw validation(
            `${where}.image: images may be at most 8000 x 8000 pixels; this one is ${size.width} x ${size.height}.`,
          );
        continue;
      }
      if (!where.includes("toolResult")) documentsHere++;
      const name = String(item.name ?? "");
      if (!DOCUMENT_NAME.test(name)) throw validation(DOCUMENT_NAME_MESSAGE);
      if (names.has(name))
        throw validation(
          "Messages can't contain duplicate document names. Rename the document and retry your request.",
        );
      names.add(name);
      if (names.size > MEDIA_LIMITS.documents)
        throw validation(`You can't include more than ${MEDIA_LIMITS.documents} documents in a request.`);
      if (bytes && bytes.length > MEDIA_LIMITS.documentBytes)
        throw validation(`${where}.document: the document is larger than 4.5 MB.`);
      if (bytes && item.format && !documentMatches(bytes, String(item.format)))
        throw validation(`${where}.document: the bytes are not a ${String(item.format)} document.`);
      if ((item.citations as { enabled?: boolean } | undefined)?.enabled && !capabilities.citations)
        throw validation(`The model ${modelId} doesn't support citations.`);
    }
    if (documentsHere && !message.content.some((block) => typeof block.text === "string"))
      throw validation("A text block must be included when using documents.");
  });
}

const startsWith = (bytes: Buffer, ...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

/** Whether document bytes carry the magic number of their format (text formats are not sniffed). */
function documentMatches(bytes: Buffer, format: string): boolean {
  if (format === "pdf") return bytes.toString("latin1", 0, 5) === "%PDF-";
  if (format === "docx" || format === "xlsx") return startsWith(bytes, 0x50, 0x4b, 0x03, 0x04);
  if (format === "doc" || format === "xls")
    return startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
  return true;
}

/** Whether video bytes carry the container signature of their format. */
function videoMatches(bytes: Buffer, format: string): boolean {
  switch (format) {
    case "mp4":
    case "mov":
    case "three_gp":
      return bytes.toString("latin1", 4, 8) === "ftyp";
    case "mkv":
    case "webm":
      return startsWith(bytes, 0x1a, 0x45, 0xdf, 0xa3);
    case "flv":
      return bytes.toString("latin1", 0, 3) === "FLV";
    case "mpeg":
    case "mpg":
      return startsWith(bytes, 0x00, 0x00, 0x01) && (bytes[3] === 0xba || bytes[3] === 0xb3);
    case "wmv":
      return startsWith(bytes, 0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11);
    default:
      return true;
  }
}

function checkThinking(
  request: FeatureRequest,
  capabilities: ModelCapabilities,
  provider: string | undefined,
): Features["thinking"] {
  const fields = (request.additionalModelRequestFields ?? {}) as Block;
  const inference = request.inferenceConfig ?? {};
  const thinking = fields.thinking as { type?: string; budget_tokens?: number } | undefined;
  const effort = fields.reasoningConfig as { type?: string; maxReasoningEffort?: string } | undefined;
  if (thinking && thinking.type !== "disabled") {
    if (capabilities.reasoning?.style !== "budget")
      throw validation(
        provider === "anthropic"
          ? `${MODEL_ERROR}thinking: Extra inputs are not permitted`
          : MALFORMED("", "thinking"),
      );
    const budget = Number(thinking.budget_tokens);
    if (!Number.isInteger(budget) || budget < capabilities.reasoning.minBudgetTokens)
      throw validation(
        `${MODEL_ERROR}thinking.enabled.budget_tokens: Input should be greater than or equal to ${capabilities.reasoning.minBudgetTokens}`,
      );
    const beta = Array.isArray(fields.anthropic_beta) ? (fields.anthropic_beta as string[]) : [];
    const interleaved = beta.some((value) => value.startsWith("interleaved-thinking"));
    const maxTokens = inference.maxTokens ?? 4096;
    if (!interleaved && maxTokens <= budget)
      throw validation(
        `${MODEL_ERROR}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size`,
      );
    if (inference.temperature !== undefined && inference.temperature !== 1)
      throw validation(
        `${MODEL_ERROR}\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking`,
      );
    if (inference.topP !== undefined)
      throw validation(`${MODEL_ERROR}\`top_p\` must be unset when thinking is enabled.`);
    const choice = request.toolConfig?.toolChoice;
    if (choice && ("any" in choice || "tool" in choice))
      throw validation(`${MODEL_ERROR}Thinking may not be enabled when tool_choice forces tool use.`);
    checkThinkingStart(request);
    return { style: "budget", budgetTokens: budget };
  }
  if (effort && effort.type !== "disabled") {
    if (capabilities.reasoning?.style !== "effort") throw validation(MALFORMED("", "reasoningConfig"));
    const level = String(effort.maxReasoningEffort ?? "");
    if (!(capabilities.reasoning.levels as readonly string[]).includes(level))
      throw validation(
        `reasoningConfig.maxReasoningEffort: expected one of ${capabilities.reasoning.levels.join(", ")}, got "${level}".`,
      );
    if (
      level === "high" &&
      (inference.temperature !== undefined ||
        inference.topP !== undefined ||
        inference.maxTokens !== undefined)
    )
      throw validation(
        "When maxReasoningEffort is high, inferenceConfig temperature, topP and maxTokens must not be set.",
      );
    return { style: "effort", effort: level };
  }
  return undefined;
}

/** With thinking on, the assistant turn answered by the final tool results must start with its reasoning. */
function checkThinkingStart(request: FeatureRequest): void {
  const last = request.messages.at(-1);
  if (!last?.content.some((block) => block.toolResult)) return;
  const index = request.messages.length - 2;
  const assistant = request.messages[index];
  if (assistant?.role !== "assistant") return;
  const first = assistant.content[0];
  if (first?.reasoningContent) return;
  const found = first?.toolUse ? "tool_use" : first?.text !== undefined ? "text" : "content";
  throw validation(
    `${MODEL_ERROR}messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`,
  );
}

/** Reasoning blocks replayed to a signing model must carry the signatures it gave them, unchanged and in order. */
function checkReasoningReplay(
  request: FeatureRequest,
  capabilities: ModelCapabilities,
  signer: ReasoningSigner,
): void {
  if (capabilities.reasoning?.style !== "budget") return;
  const latest = request.messages.findLastIndex((message) => message.role === "assistant");
  request.messages.forEach((message, i) => {
    if (message.role !== "assistant") return;
    let ordinal = 0;
    message.content.forEach((block, j) => {
      const reasoning = block.reasoningContent as Block | undefined;
      const text = reasoning?.reasoningText as { text?: string; signature?: string } | undefined;
      if (!text) return;
      const where = `messages.${i}.content.${j}`;
      if (typeof text.signature !== "string" || !text.signature)
        throw validation(`${MODEL_ERROR}${where}.thinking.signature: Field required`);
      if (!signer.verify(String(text.text ?? ""), ordinal, text.signature))
        throw validation(
          i === latest
            ? `${MODEL_ERROR}${where}: \`thinking\` or \`redacted_thinking\` blocks in the latest assistant message cannot be modified. These blocks must remain as they were in the original response.`
            : `${MODEL_ERROR}${where}: Invalid \`signature\` in \`thinking\` block`,
        );
      ordinal++;
    });
  });
}

function checkOutputConfig(
  request: FeatureRequest,
  capabilities: ModelCapabilities,
): Record<string, unknown> | undefined {
  const config = request.outputConfig as
    | { textFormat?: { type?: string; structure?: { jsonSchema?: { schema?: string } } } }
    | undefined;
  const format = config?.textFormat;
  if (!format) return undefined;
  if (!capabilities.structuredOutput)
    throw validation(
      "This model doesn't support the outputConfig.textFormat field. Remove it and try again.",
    );
  let schema: unknown;
  try {
    schema = JSON.parse(format.structure?.jsonSchema?.schema ?? "");
  } catch {
    throw validation("outputConfig.textFormat.structure.jsonSchema.schema: the schema is not valid JSON.");
  }
  const problem = schemaProblems(schema)[0];
  if (problem)
    throw validation(
      `${MODEL_ERROR}outputConfig.textFormat.structure.jsonSchema.schema: ${problem.path}: ${problem.message}`,
    );
  const cited = request.messages.some((message) =>
    message.content.some(
      (block) =>
        ((block.document as Block | undefined)?.citations as { enabled?: boolean } | undefined)?.enabled,
    ),
  );
  if (cited)
    throw validation(
      `${MODEL_ERROR}Citations cannot be enabled together with structured output (outputConfig.textFormat).`,
    );
  return schema as Record<string, unknown>;
}

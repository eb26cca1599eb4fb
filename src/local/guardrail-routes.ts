import type { GuardrailAssessment, GuardrailContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { z } from "zod";
import { GUARDRAIL_IDENTIFIER_PATTERN, GUARDRAIL_VERSION_PATTERN } from "../bedrock-id-patterns.ts";
import { GuardrailValidationError } from "../guardrails/guardrail.ts";
import type { LocalGuardrail } from "../guardrails/local-guardrail.ts";
import type { GuardrailRegistry } from "../guardrails/registry.ts";
import { BedrockError, decodePathParam, validation } from "./bedrock-errors.ts";
import { modelString, parseRequest } from "./coral-validation.ts";
import type { LocalModelRequest, ModelTurn, WireMessage } from "./model-contract.ts";
import type { Route } from "./route.ts";

const Qualifier = z.enum(["grounding_source", "query", "guard_content"]);
/** `GuardrailContentBlock`: a union, so exactly one of `text` and `image`. */
const ContentBlock = z
  .object({
    text: z
      .object({ text: z.string(), qualifiers: z.array(Qualifier).optional() })
      .strict()
      .optional(),
    image: z
      .object({ format: z.enum(["png", "jpeg"]), source: z.object({ bytes: z.unknown() }).strict() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((block) => Object.keys(block).length === 1, "Member must set exactly one of text and image");

/** The ApplyGuardrail request body (id and version are in the path). */
export const ApplyGuardrailBodySchema = z
  .object({
    source: z.enum(["INPUT", "OUTPUT"]),
    content: z.array(ContentBlock).min(1, "Member must have length greater than or equal to 1"),
    outputScope: z.enum(["INTERVENTIONS", "FULL"]).optional(),
  })
  .strict();

/** bedrock-runtime `GuardrailIdentifier` and `GuardrailVersion`. */
const GuardrailIdentifier = modelString({ min: 0, max: 2048, pattern: GUARDRAIL_IDENTIFIER_PATTERN });
const GuardrailVersion = modelString({ pattern: GUARDRAIL_VERSION_PATTERN });

const ApplyGuardrailInputSchema = ApplyGuardrailBodySchema.extend({
  guardrailIdentifier: GuardrailIdentifier,
  guardrailVersion: GuardrailVersion,
});

/** Content text is sensitive in the service model: Bedrock leaves it out of validation messages. */
const SENSITIVE = ["content"];

function resolve(registry: GuardrailRegistry, id: string, version: string): LocalGuardrail {
  const guardrail = registry.resolve(id, version);
  if (!guardrail) {
    const known = registry.list().map((g) => `${g.id}:${g.version}`);
    throw new BedrockError(
      "ResourceNotFoundException",
      `The guardrail ${id} version ${version} was not found${known.length ? ` (the local Bedrock has ${known.join(", ")})` : "; register one with glassbox local --guardrail <file>"}.`,
    );
  }
  return guardrail;
}

function apply(guardrail: LocalGuardrail, request: Parameters<LocalGuardrail["applySync"]>[0]) {
  try {
    return guardrail.applySync(request);
  } catch (error) {
    if (error instanceof GuardrailValidationError) throw validation(error.message);
    throw error;
  }
}

/** `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply`, served by the local engine. */
export function applyGuardrailRoute(registry: GuardrailRegistry): Route {
  return {
    method: "POST",
    pattern: /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/,
    operation: "ApplyGuardrail",
    async handle({ res, params, body, requestId }) {
      const identifier = decodePathParam(params[0], "guardrail identifier");
      const version = decodePathParam(params[1], "guardrail version");
      // A configured alias stands for its id before Bedrock's checks (readable names are opt-in).
      const guardrailIdentifier = registry.isAlias(identifier) ? registry.idOf(identifier) : identifier;
      const {
        guardrailIdentifier: id,
        guardrailVersion,
        ...request
      } = parseRequest(
        ApplyGuardrailInputSchema,
        { ...(body as object), guardrailIdentifier, guardrailVersion: version },
        { sensitive: SENSITIVE },
      );
      if (!id || !guardrailVersion)
        throw validation("The guardrail identifier and version in the request path must not be empty.");
      const guardrail = resolve(registry, id, guardrailVersion);
      const json = JSON.stringify(apply(guardrail, request as never));
      res.writeHead(200, {
        "content-type": "application/json",
        "x-amzn-requestid": requestId,
        "content-length": Buffer.byteLength(json),
      });
      res.end(json);
    },
  };
}

const GuardrailConfigSchema = z.object({
  guardrailIdentifier: GuardrailIdentifier.min(1, "Member must have length greater than or equal to 1"),
  guardrailVersion: GuardrailVersion.min(1, "Member must have length greater than or equal to 1"),
  trace: z.enum(["enabled", "disabled", "enabled_full"]).optional(),
  streamProcessingMode: z.enum(["sync", "async"]).optional(),
});

type TurnResult<S> = { turn: ModelTurn; step?: S; trace?: Record<string, unknown> };

/**
 * Converse with `guardrailConfig`: the input (its `guardContent` blocks when any, else the last user
 * message) is assessed before the model runs, the model's text after; an intervention answers with the
 * blocked messaging or the masked text and `stopReason: guardrail_intervened`, and `trace.guardrail` carries
 * the assessments when `trace` is enabled.
 */
export function guardConverse<S>(
  registry: GuardrailRegistry,
  body: unknown,
  request: LocalModelRequest,
  next: (request: LocalModelRequest) => { turn: ModelTurn; step?: S },
): TurnResult<S> {
  const raw = (body as { guardrailConfig?: unknown }).guardrailConfig;
  if (raw === undefined) return next(request);
  const given = raw as { guardrailIdentifier?: unknown };
  const aliased =
    typeof given?.guardrailIdentifier === "string" && registry.isAlias(given.guardrailIdentifier)
      ? { ...given, guardrailIdentifier: registry.idOf(given.guardrailIdentifier) }
      : raw;
  const config = parseRequest(GuardrailConfigSchema, aliased, { prefix: "guardrailConfig" });
  const guardrail = resolve(registry, config.guardrailIdentifier, config.guardrailVersion);
  const traced = config.trace === "enabled" || config.trace === "enabled_full";
  const { guarded, qualified, messageIndex } = inputContent(request);
  const trace = (input: GuardrailAssessment | undefined, outputs: GuardrailAssessment[], extra: object) =>
    traced
      ? {
          guardrail: {
            ...(input ? { inputAssessment: { [guardrail.id]: input } } : {}),
            ...(outputs.length ? { outputAssessments: { [guardrail.id]: outputs } } : {}),
            ...extra,
          },
        }
      : undefined;

  const input = guarded.length ? apply(guardrail, { source: "INPUT", content: guarded }) : undefined;
  const inputAssessment = input?.assessments?.[0];
  if (input?.action === "GUARDRAIL_INTERVENED") {
    const blocked = JSON.stringify(input.assessments).includes('"BLOCKED"');
    if (blocked) {
      return {
        turn: {
          content: [{ text: guardrail.config.blockedInputMessaging }],
          stopReason: "guardrail_intervened",
          usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        },
        trace: trace(inputAssessment, [], { actionReason: input.actionReason }),
      };
    }
    if (messageIndex !== undefined)
      request = maskMessage(request, messageIndex, input.outputs?.map((o) => o.text ?? "") ?? []);
  }

  const result = next(request);
  // Cited text is answer text too: Bedrock checks what the model says, however it is framed.
  const texts = result.turn.content.flatMap((block) =>
    "text" in block
      ? [block.text]
      : "citationsContent" in block
        ? [block.citationsContent.content.map((part) => part.text).join("")]
        : [],
  );
  if (!texts.length) return { ...result, trace: trace(inputAssessment, [], {}) };
  const output = apply(guardrail, {
    source: "OUTPUT",
    content: [
      ...qualified,
      { text: { text: texts.join(""), ...(qualified.length ? { qualifiers: ["guard_content"] } : {}) } },
    ],
  });
  const outputs = output.assessments ?? [];
  const modelOutput = config.trace === "enabled_full" ? { modelOutput: texts } : {};
  if (output.action !== "GUARDRAIL_INTERVENED") {
    return { ...result, trace: trace(inputAssessment, outputs, modelOutput) };
  }
  return {
    ...result,
    turn: {
      ...result.turn,
      content: [{ text: output.outputs?.map((o) => o.text ?? "").join("\n") ?? "" }],
      stopReason: "guardrail_intervened",
    },
    trace: trace(inputAssessment, outputs, { ...modelOutput, actionReason: output.actionReason }),
  };
}

/** What the input assessment looks at, and grounding/query blocks for the output assessment. */
function inputContent(request: LocalModelRequest) {
  const marked: GuardrailContentBlock[] = [];
  const blocks = [...(request.system ?? []), ...request.messages.flatMap((message) => message.content)];
  for (const block of blocks) {
    const guard = (block as { guardContent?: { text?: { text: string; qualifiers?: string[] } } })
      .guardContent;
    if (guard?.text)
      marked.push({ text: { text: guard.text.text, qualifiers: guard.text.qualifiers as never } });
  }
  const qualified = marked.filter((block) =>
    block.text?.qualifiers?.some((q) => q === "grounding_source" || q === "query"),
  );
  if (marked.length) {
    const guarded = marked.filter(
      (block) => !block.text?.qualifiers?.length || block.text.qualifiers.includes("guard_content"),
    );
    return { guarded, qualified, messageIndex: undefined };
  }
  const index = request.messages.findLastIndex((message) => message.role === "user");
  const texts = (request.messages[index]?.content ?? []).flatMap((block) =>
    "text" in block && typeof block.text === "string" ? [{ text: { text: block.text } }] : [],
  );
  return { guarded: texts, qualified, messageIndex: index >= 0 ? index : undefined };
}

/** The request with the user message's text blocks replaced by the guardrail's masked text. */
function maskMessage(request: LocalModelRequest, index: number, masked: string[]): LocalModelRequest {
  let next = 0;
  const messages: WireMessage[] = request.messages.map((message, i) =>
    i !== index
      ? message
      : {
          ...message,
          content: message.content.map((block) =>
            "text" in block && typeof block.text === "string"
              ? { text: masked[next++] ?? block.text }
              : block,
          ),
        },
  );
  return { ...request, messages };
}

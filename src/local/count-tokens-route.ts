import type { ModelCapabilities } from "../model/catalog.ts";
import { parseModelId } from "../model/model-id.ts";
import { decodePathParam, validation } from "./bedrock-errors.ts";
import { checkConversation, checkTools } from "./converse-request.ts";
import { CountTokensRequestSchema, FOUNDATION_MODEL_VERSION } from "./converse-schema.ts";
import { shapeError } from "./coral-validation.ts";
import { measureInput } from "./input-tokens.ts";
import { estimateSubwordTokens } from "./model/tokens.ts";
import type { Route } from "./route.ts";
import { sendJson } from "./send-json.ts";

/**
 * `POST /model/{modelId}/count-tokens` (CountTokens): the input tokens a Converse or InvokeModel request
 * would be billed, counted as the local Converse counts them. Like Bedrock it takes a foundation model
 * id (no inference-profile prefix), refuses models without token counting, and validates the body
 * against the service model and the conversation rules Converse applies.
 */
export function countTokensRoute(capabilitiesFor: (modelId: string) => ModelCapabilities): Route {
  return {
    method: "POST",
    pattern: /^\/model\/([^/]+)\/count-tokens$/,
    operation: "CountTokens",
    async handle({ res, params, body, requestId }) {
      const modelId = decodePathParam(params[0], "model identifier");
      if (!FOUNDATION_MODEL_VERSION.test(modelId))
        throw validation(
          "1 validation error detected: Value at 'modelId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z_\\.\\-/0-9:]+",
        );
      const info = parseModelId(modelId);
      if (!info?.known || (info.kind !== "foundation-model" && info.kind !== "foundation-model-arn"))
        throw validation("The provided model identifier is invalid.");
      if (!capabilitiesFor(modelId).countTokens)
        throw validation("The provided model doesn't support counting tokens.");
      const parsed = CountTokensRequestSchema.safeParse(body);
      if (!parsed.success) throw shapeError(parsed.error);
      const { converse, invokeModel } = parsed.data.input;
      if (converse) {
        checkConversation(converse.messages ?? [], converse.toolConfig !== undefined);
        checkTools(converse);
      }
      const inputTokens = converse
        ? measureInput(info.baseModelId ?? modelId, {
            ...converse,
            messages: converse.messages ?? [],
          } as never).total
        : estimateSubwordTokens(Buffer.from(invokeModel?.body ?? "", "base64").toString("utf8"));
      sendJson(res, { inputTokens }, requestId);
    },
  };
}

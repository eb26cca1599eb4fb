import { z } from "zod";
import type { ModelCapabilities } from "../model/catalog.ts";
import { parseModelId } from "../model/model-id.ts";
import { validation } from "./bedrock-errors.ts";
import { ConverseRequestSchema } from "./converse-request.ts";
import { measureInput } from "./input-tokens.ts";
import { countTokens } from "./model/tokens.ts";
import type { Route } from "./route.ts";

const CountTokensBodySchema = z
  .object({
    input: z.union([
      z
        .object({
          converse: ConverseRequestSchema.pick({
            messages: true,
            system: true,
            toolConfig: true,
            additionalModelRequestFields: true,
          }),
        })
        .strict(),
      z.object({ invokeModel: z.object({ body: z.string() }).strict() }).strict(),
    ]),
  })
  .strict();

/**
 * `POST /model/{modelId}/count-tokens` (CountTokens): the input tokens a Converse or InvokeModel request
 * would be billed, counted as the local Converse counts them. Like Bedrock it takes a foundation model
 * id (no inference-profile prefix) and refuses models without token counting.
 */
export function countTokensRoute(capabilitiesFor: (modelId: string) => ModelCapabilities): Route {
  return {
    method: "POST",
    pattern: /^\/model\/([^/]+)\/count-tokens$/,
    operation: "CountTokens",
    async handle({ res, params, body, requestId }) {
      const modelId = decodeURIComponent(params[0] ?? "");
      const info = parseModelId(modelId);
      if (!info?.known || (info.kind !== "foundation-model" && info.kind !== "foundation-model-arn"))
        throw validation("The provided model identifier is invalid.");
      if (!capabilitiesFor(modelId).countTokens)
        throw validation("The provided model doesn't support counting tokens.");
      const parsed = CountTokensBodySchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw validation(
          `1 validation error detected: Value at '${issue?.path.join(".")}' failed to satisfy constraint: ${issue?.message}`,
        );
      }
      const input = parsed.data.input;
      const inputTokens =
        "converse" in input
          ? measureInput(info.baseModelId ?? modelId, {
              ...input.converse,
              messages: input.converse.messages ?? [],
            } as never).total
          : countTokens(input.invokeModel.body);
      const json = JSON.stringify({ inputTokens });
      res.writeHead(200, {
        "content-type": "application/json",
        "x-amzn-requestid": requestId,
        "content-length": Buffer.byteLength(json),
      });
      res.end(json);
    },
  };
}

import { z } from "zod";
import { baseModelId, findModel } from "./catalog.ts";

export type ModelIdKind =
  | "foundation-model"
  | "inference-profile"
  | "application-inference-profile"
  | "provisioned-model"
  | "custom-model"
  | "foundation-model-arn"
  | "prompt";

/** What a model id is, and the foundation model behind it when that can be told. */
export interface ModelIdInfo {
  kind: ModelIdKind;
  baseModelId?: string;
  region?: string;
  known: boolean;
}

const FOUNDATION = /^[a-z0-9-]{1,63}\.[a-zA-Z0-9._-]{1,100}(:[a-z0-9-]{1,63})?$/;
const PROFILE =
  /^(us|eu|apac|us-gov|ca|jp|au|global)\.[a-z0-9-]{1,63}\.[a-zA-Z0-9._-]{1,100}(:[a-z0-9-]{1,63})?$/;
const ARN = /^arn:aws(-[a-z]+)*:bedrock:([a-z0-9-]*):(\d{12})?:([a-z-]+)\/(.+)$/;
const ARN_KINDS: Record<string, ModelIdKind> = {
  "foundation-model": "foundation-model-arn",
  "inference-profile": "inference-profile",
  "application-inference-profile": "application-inference-profile",
  "provisioned-model": "provisioned-model",
  "custom-model": "custom-model",
  prompt: "prompt",
};

const parsed = new Map<string, ModelIdInfo | undefined>();
const MAX_CACHED = 256;

/** Classifies a model id, or returns undefined when it is none of the forms Bedrock accepts. */
export function parseModelId(id: string): ModelIdInfo | undefined {
  // Every model call prices its usage by id: an agent uses a handful of ids, so each is parsed once.
  if (parsed.has(id)) return parsed.get(id);
  const info = classify(id);
  if (parsed.size >= MAX_CACHED) parsed.clear();
  parsed.set(id, info);
  return info;
}

function classify(id: string): ModelIdInfo | undefined {
  const arn = ARN.exec(id);
  if (arn) {
    const kind = ARN_KINDS[arn[4] ?? ""];
    if (!kind) return undefined;
    const resource = arn[5] ?? "";
    const base =
      kind === "foundation-model-arn" || kind === "inference-profile" ? baseModelId(resource) : undefined;
    return {
      kind,
      baseModelId: base,
      region: arn[2] || undefined,
      known: base ? findModel(base) !== undefined : false,
    };
  }
  if (PROFILE.test(id))
    return { kind: "inference-profile", baseModelId: baseModelId(id), known: findModel(id) !== undefined };
  if (FOUNDATION.test(id))
    return { kind: "foundation-model", baseModelId: id, known: findModel(id) !== undefined };
  return undefined;
}

/** A model id in one of the forms Bedrock accepts; well-formed unknown ids pass (Bedrock adds models often). */
export const ModelIdSchema = z.string().refine((id) => parseModelId(id) !== undefined, {
  message:
    "expected a foundation model id (amazon.nova-pro-v1:0), a cross-region inference profile " +
    "(us.anthropic.claude-sonnet-4-5-20250929-v1:0) or an ARN (arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123)",
});

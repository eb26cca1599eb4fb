import { z } from "zod";

// Bedrock's rules for Converse request fields, shared by the model config and the local Bedrock's
// request validation (limits from the bedrock-runtime service model).

const METADATA_TEXT = /^[a-zA-Z0-9\s:_@$#=/+,\-.]*$/;

/** `inferenceConfig`: maxTokens ≥ 1, temperature and topP in 0..1, up to 2500 stop sequences. */
export const InferenceConfigSchema = z
  .object({
    maxTokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(1).optional(),
    topP: z.number().min(0).max(1).optional(),
    stopSequences: z.array(z.string().min(1)).max(2500).optional(),
  })
  .strict();

/** `requestMetadata`: at most 16 string pairs, keys 1-256 and values 0-256 characters of a limited set. */
export const RequestMetadataSchema = z
  .record(
    z.string().min(1).max(256).regex(METADATA_TEXT, "keys may use letters, digits, spaces and :_@$#=/+,-."),
    z.string().max(256).regex(METADATA_TEXT, "values may use letters, digits, spaces and :_@$#=/+,-."),
  )
  .refine((entries) => Object.keys(entries).length <= 16, "at most 16 entries");

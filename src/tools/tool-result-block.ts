import { z } from "zod";

/** Image formats a Converse tool result may carry. */
export const IMAGE_FORMATS = ["png", "jpeg", "gif", "webp"] as const;

/**
 * One block of a Converse tool result, as plain (checkpointable) data: text, a JSON value, or an image
 * as base64. Converse's `toolResult.content` takes exactly these kinds (plus documents and video).
 */
export const ToolResultBlockSchema = z.union([
  z.object({ text: z.string() }).strict(),
  z.object({ json: z.unknown() }).strict(),
  z.object({ image: z.object({ format: z.enum(IMAGE_FORMATS), base64: z.string() }).strict() }).strict(),
]);
export type ToolResultBlock = z.infer<typeof ToolResultBlockSchema>;

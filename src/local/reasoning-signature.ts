import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Signs and checks reasoning blocks the way Bedrock's Claude models do: each `reasoningText` carries a
 * signature only the server can make, bound to the text and to the block's place among the reasoning
 * blocks of its message. A replay with changed text, a dropped or swapped block, or a made-up signature
 * fails the check. The key is per server, so signatures stay valid across client processes.
 */
export function createReasoningSigner(key: Buffer = randomBytes(32)) {
  const sign = (text: string, ordinal: number) =>
    createHmac("sha256", key)
      .update(JSON.stringify([ordinal, text]))
      .digest("base64");
  return {
    sign,
    verify(text: string, ordinal: number, signature: string): boolean {
      const expected = Buffer.from(sign(text, ordinal));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
export type ReasoningSigner = ReturnType<typeof createReasoningSigner>;

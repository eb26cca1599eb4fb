/**
 * Cuts an AWS event stream into whole frames as its chunks arrive: each frame starts with its total
 * length (4 bytes, big-endian), so no decoding is needed to find the boundaries.
 */
export function createFrameSplitter(onFrame: (frame: Buffer) => void): {
  push(chunk: Buffer): void;
  /** Bytes left over that do not make a whole frame (a cut stream). */
  rest(): Buffer;
} {
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const length = pending.readUInt32BE(0);
        if (length < 16 || pending.length < length) break;
        onFrame(pending.subarray(0, length));
        pending = pending.subarray(length);
      }
    },
    rest: () => pending,
  };
}

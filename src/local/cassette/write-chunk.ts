import type { DualResponse } from "../dual-listener.ts";

/** Writes one chunk and waits while the client is slower than the stream (until it drains or goes away). */
export async function writeChunk(res: DualResponse, chunk: Buffer): Promise<void> {
  const writable = res as unknown as NodeJS.WritableStream & { destroyed?: boolean };
  if (writable.write(chunk) || res.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

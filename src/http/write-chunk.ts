import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";

/** Writes one chunk and waits while the client is slower than the stream (until it drains or goes away). */
export async function writeChunk(
  res: ServerResponse | Http2ServerResponse,
  chunk: Buffer | string,
): Promise<void> {
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

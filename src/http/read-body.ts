import type { Readable } from "node:stream";

/** A request body as `node:http` and `node:http2` servers give it: a stream with its headers. */
export type RequestStream = Readable & { headers: Record<string, string | string[] | undefined> };

/** Options of {@link readBody}. */
export interface ReadBodyOptions {
  /** The largest body accepted, in bytes. */
  limit: number;
  /** The error for a body over `limit` (the server's own shape: a 413, Bedrock's ValidationException...). */
  tooLarge: () => Error;
  /** A body still arriving after this long holds the server for nothing; none by default. */
  timeoutMs?: number;
  /** The error for a body that did not arrive within `timeoutMs`. */
  timedOut?: () => Error;
}

/**
 * Reads a whole request body, refusing one over `limit` bytes: at once from `content-length`, else as
 * soon as the count passes the limit, without buffering the rest. The rest is drained rather than the
 * connection cut, so the server can still answer the refusal on it.
 */
export function readBody(req: RequestStream, options: ReadBodyOptions): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.limit) {
    req.resume();
    return Promise.reject(options.tooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.resume();
      reject(error);
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              stop(
                options.timedOut?.() ?? new Error(`the body did not arrive within ${options.timeoutMs} ms`),
              ),
            options.timeoutMs,
          );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.limit) chunks.push(chunk);
      else stop(options.tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks, size));
    });
    req.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const header = (value: string) => ({ type: "string" as const, value });

/** One AWS event-stream frame carrying an event (`messageStart`, `contentBlockDelta`, ...). */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": header("event"),
      ":event-type": header(eventType),
      ":content-type": header("application/json"),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** One frame carrying an exception (`modelStreamErrorException`, `throttlingException`, ...). */
export function encodeException(
  exceptionType: string,
  payload: { message: string; [key: string]: unknown },
): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": header("exception"),
      ":exception-type": header(exceptionType),
      ":content-type": header("application/json"),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** Decodes one frame (for tests and tools). */
export function decodeFrame(frame: Uint8Array): { headers: Record<string, string>; payload: unknown } {
  const message = codec.decode(frame);
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([key, value]) => [key, String(value.value)]),
  );
  return { headers, payload: JSON.parse(toUtf8(message.body)) };
}

import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const header = (value: string) => ({ type: "string" as const, value });

function encodeFrame(kind: "event" | "exception", type: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ":message-type": header(kind),
      [kind === "event" ? ":event-type" : ":exception-type"]: header(type),
      ":content-type": header("application/json"),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** One AWS event-stream frame carrying an event (`messageStart`, `contentBlockDelta`, ...). */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeFrame("event", eventType, payload);
}

/** One frame carrying an exception (`modelStreamErrorException`, `throttlingException`, ...). */
export function encodeException(
  exceptionType: string,
  payload: { message: string; [key: string]: unknown },
): Uint8Array {
  return encodeFrame("exception", exceptionType, payload);
}

/** Decodes one frame (for tests and tools). */
export function decodeFrame(frame: Uint8Array): { headers: Record<string, string>; payload: unknown } {
  const message = codec.decode(frame);
  const headers = Object.fromEntries(
    Object.entries(message.headers).map(([key, value]) => [key, String(value.value)]),
  );
  return { headers, payload: JSON.parse(toUtf8(message.body)) };
}

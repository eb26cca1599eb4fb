import { z } from "zod";

/** The version of the cassette format this code writes and reads. */
export const CASSETTE_FORMAT = "glassbox-cassette/1";

/**
 * A body as recorded: `json` when the bytes are exactly `JSON.stringify` of their parse (readable in
 * the file and byte-identical on replay), else `text` (UTF-8), else `base64`. Absent for no body.
 */
export const BodySchema = z.union([
  z.object({ json: z.unknown() }).strict(),
  z.object({ text: z.string() }).strict(),
  z.object({ base64: z.string() }).strict(),
]);
export type RecordedBody = z.infer<typeof BodySchema>;

/** One event-stream frame: its bytes (what replay sends) and, to read, its type and payload. */
export const FrameSchema = z
  .object({
    /** Milliseconds from the response's headers to this frame's last byte. */
    offsetMs: z.number().min(0),
    /** `:event-type` or `:exception-type`, for reading (the bytes are authoritative). */
    type: z.string().optional(),
    payload: z.unknown().optional(),
    base64: z.string(),
  })
  .strict();
export type RecordedFrame = z.infer<typeof FrameSchema>;

export const RecordedRequestSchema = z
  .object({
    service: z.string(),
    operation: z.string(),
    method: z.string(),
    /** Percent-decoded path, as the key uses it. */
    path: z.string(),
    /** The raw query string without `?`, when there was one. */
    query: z.string().optional(),
    /** Lower-case names; volatile and signing headers dropped, credential-like ones scrubbed. */
    headers: z.record(z.string(), z.string()),
    body: BodySchema.optional(),
  })
  .strict();
export type RecordedRequest = z.infer<typeof RecordedRequestSchema>;

export const RecordedResponseSchema = z
  .object({
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string()),
    /** Milliseconds from forwarding the request to the upstream's response headers. */
    headersAfterMs: z.number().min(0),
    /** Milliseconds from the response headers to its last byte. */
    endAfterMs: z.number().min(0),
    body: BodySchema.optional(),
    /** For `application/vnd.amazon.eventstream` responses: every frame, in order. */
    frames: z.array(FrameSchema).optional(),
  })
  .strict();
export type RecordedResponse = z.infer<typeof RecordedResponseSchema>;

/** One request/response pair: one file `<seq>-<operation>.json` of a cassette folder. */
export const ExchangeSchema = z
  .object({
    format: z.literal(CASSETTE_FORMAT),
    /** Arrival order at the recorder (1-based); identical requests replay in this order. */
    seq: z.number().int().min(1),
    recordedAt: z.string(),
    request: RecordedRequestSchema,
    response: RecordedResponseSchema,
  })
  .strict();
export type Exchange = z.infer<typeof ExchangeSchema>;

/** `manifest.json` of a cassette folder. */
export const ManifestSchema = z
  .object({
    format: z.literal(CASSETTE_FORMAT),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** `bedrock` (Amazon Bedrock's endpoints per service) or the upstream URL. */
    upstream: z.string(),
    region: z.string(),
    glassboxVersion: z.string(),
    /** Exchanges written so far. */
    count: z.number().int().min(0),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

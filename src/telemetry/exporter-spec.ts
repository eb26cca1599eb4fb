import { z } from "zod";
import { ConfigError } from "../config/config-error.ts";

const SignalSchema = z.enum(["traces", "metrics", "logs"]);

/** Where telemetry goes. */
export const ExporterSpecSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("console") }).strict(),
  z
    .object({
      type: z.literal("otlp"),
      /** A base URL (`/v1/<signal>` appended) or a full `/v1/traces` (metrics, logs) URL used as given. */
      url: z.url().optional(),
      /** Full per-signal URLs, used as given. */
      endpoints: z.partialRecord(SignalSchema, z.url()).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      protocol: z.enum(["http/protobuf", "http/json"]).optional(),
      timeoutMs: z.number().int().positive().optional(),
      /** The signals sent (default all three; logs carry content events and correlated log lines). */
      signals: z.array(SignalSchema).min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal("jsonl"), path: z.string().min(1) }).strict(),
  z.object({ type: z.literal("memory") }).strict(),
]);
export type ExporterSpec = z.infer<typeof ExporterSpecSchema>;

const FORMS = "console, otlp, otlp=<url>, otlp+json=<url>, jsonl=<path> or memory";

/**
 * Parses the `--trace` forms: `console`, `otlp` (the OTEL_EXPORTER_OTLP_* variables), `otlp=<url>` (a
 * collector's base URL, or a full `.../v1/traces` URL used as given), `otlp+json=<url>` (OTLP/HTTP JSON
 * instead of protobuf), `jsonl=<path>` (OTLP/JSON lines), `memory`.
 */
export function parseExporterSpec(text: string): ExporterSpec {
  const at = text.indexOf("=");
  const kind = at < 0 ? text : text.slice(0, at);
  const value = at < 0 ? "" : text.slice(at + 1);
  const spec =
    kind === "console" || kind === "memory"
      ? at < 0
        ? { type: kind }
        : undefined
      : kind === "otlp" || kind === "otlp+json"
        ? {
            type: "otlp",
            ...(value ? { url: value } : {}),
            ...(kind === "otlp+json" ? { protocol: "http/json" } : {}),
          }
        : kind === "jsonl"
          ? { type: "jsonl", path: value }
          : undefined;
  const parsed = spec ? ExporterSpecSchema.safeParse(spec) : undefined;
  if (!parsed?.success) throw new ConfigError(`--trace "${text}": expected ${FORMS}`);
  return parsed.data;
}

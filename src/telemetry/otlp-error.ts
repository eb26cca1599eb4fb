import { GlassboxError } from "../errors.ts";
import type { OtlpSignal } from "./otlp-config.ts";

/**
 * An OTLP export that did not reach the collector or was refused by it. It names the signal and the
 * URL so nobody mistakes it for a Bedrock problem; the network error's code is in the message only.
 */
export class OtlpExportError extends GlassboxError {
  constructor(
    readonly signal: OtlpSignal,
    readonly url: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`OTLP ${signal} export to ${url} failed: ${reason}`, { code: "OTLP_EXPORT_FAILED" });
  }
}

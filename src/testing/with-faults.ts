import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { FaultConfig } from "../local/faults.ts";

/** The request header a local Bedrock reads per-request faults from. */
export const FAULTS_HEADER = "x-glassbox-faults";

/**
 * Makes every request of `client` ask the local Bedrock for these faults (throttling, errors, latency,
 * mid-stream failures), through the `x-glassbox-faults` header; the server's own faults stay as they are.
 * Returns the same client. Amazon Bedrock ignores the header: use this only against a local one.
 */
export function withFaults<T extends Pick<BedrockRuntimeClient, "middlewareStack">>(
  client: T,
  faults: FaultConfig,
): T {
  const value = JSON.stringify(faults);
  client.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers[FAULTS_HEADER] = value;
      return next(args);
    },
    { step: "build", name: "glassboxFaults" },
  );
  return client;
}

import { ConfigError } from "../errors.ts";
import type { GuardrailRegistry } from "../guardrails/registry.ts";
import type { LocalBedrock } from "../local/server.ts";
import { detectAwsCredentials, profileExists } from "./credentials.ts";

/** What the caller asked for. */
export interface ConnectionRequest {
  /** Force the local Bedrock even when AWS credentials exist. */
  local?: boolean;
  /** Use this endpoint as is (a running `glassbox local`, a VPC endpoint...). */
  endpoint?: string;
  /**
   * An AWS profile the caller named: it must exist in the AWS config files, and calls then go to Amazon
   * Bedrock with it (never silently to the local Bedrock).
   */
  profile?: string;
  env?: Record<string, string | undefined>;
  /** Guardrails the in-process local Bedrock serves (ApplyGuardrail, Converse `guardrailConfig`). */
  guardrails?: GuardrailRegistry;
}

/** Where model calls go, and the local server to close afterwards when one was started. */
export interface Connection {
  endpoint?: string;
  local?: LocalBedrock;
  /** One line for the user when Glassbox chose for them. */
  notice?: string;
}

/**
 * Decides where model calls go: an explicit endpoint; else the local Bedrock (started in-process) when
 * asked for or when no AWS credentials can be found; else Amazon Bedrock through the default chain.
 */
export async function resolveConnection(request: ConnectionRequest = {}): Promise<Connection> {
  if (request.profile !== undefined && !profileExists(request.profile, request.env)) {
    throw new ConfigError(
      `--profile ${request.profile}: no such profile in the AWS config or credentials file (aws configure list-profiles shows them)`,
      { code: "PROFILE_NOT_FOUND" },
    );
  }
  if (request.endpoint) return { endpoint: request.endpoint };
  if (request.profile !== undefined && request.local)
    throw new ConfigError("pass either --profile (Amazon Bedrock) or --local (the local Bedrock), not both");
  if (request.profile !== undefined) return {};
  if (!request.local) {
    const hint = detectAwsCredentials(request.env);
    if (hint.found) return {};
  }
  // Loaded only when a local Bedrock is needed: calls to Amazon Bedrock never load the twin.
  const [{ startLocalBedrock }, { createReactPolicy }] = await Promise.all([
    import("../local/server.ts"),
    import("../local/model/react-policy.ts"),
  ]);
  const local = await startLocalBedrock({
    model: createReactPolicy(),
    ...(request.guardrails ? { guardrails: request.guardrails } : {}),
  });
  const why = request.local ? "--local given" : "no AWS credentials found";
  return {
    endpoint: local.url,
    local,
    notice: `${why}: using the local Bedrock at ${local.url} (a deterministic rule-based model, not an LLM)`,
  };
}

/**
 * @module
 * Model configuration: model ids and the catalogue with prices, the Bedrock runtime client, where calls
 * go (Amazon Bedrock or a local one), retries, traffic splits, usage and cost, and AWS errors explained.
 */
export { AwsCallError, type ErrorContext, toGlassboxError } from "./aws-error.ts";
export { type CachePolicy, type CachePolicyInput, CachePolicySchema } from "./cache-policy.ts";
export { type CapabilitiesOverride, CapabilitiesOverrideSchema } from "./capabilities-schema.ts";
export type {
  CacheField,
  CacheSupport,
  CacheTtl,
  CatalogEntry,
  ModelCapabilities,
  ModelEntry,
  ModelPrice,
  ProfilePrefix,
  ReasoningEffort,
  ReasoningSupport,
} from "./catalog.ts";
export {
  CATALOG_INFO,
  capabilitiesOf,
  DEFAULT_MODEL_ID,
  findModel,
  MODEL_CATALOG,
  profileIdsOf,
} from "./catalog.ts";
export {
  type BedrockConnection,
  createBedrockRuntimeClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  isLocalEndpoint,
} from "./client.ts";
export type { ModelConfig, ModelConfigInput } from "./config.ts";
export { ModelConfigSchema, parseModelConfig } from "./config.ts";
export type { Connection, ConnectionRequest } from "./connection.ts";
export { resolveConnection } from "./connection.ts";
export { countRequestTokens, type TokenCount } from "./count-tokens.ts";
export { type CredentialHint, detectAwsCredentials } from "./credentials.ts";
export type { HttpSettings } from "./http-pool.ts";
export { type AccessProblem, accessProblem } from "./model-access.ts";
export { costOf, loadPriceFile, priceFor } from "./pricing.ts";
export {
  type LimiterStats,
  limitClient,
  RateLimiter,
  type RateLimiterOptions,
  type RateLimits,
  sharedRateLimiter,
} from "./rate-limiter.ts";
export { type ReasoningConfig, ReasoningConfigSchema } from "./reasoning-config.ts";
export { RequestTimeoutError, type TimeoutPhase } from "./request-timeout-error.ts";
export type { RetryPolicy } from "./retry.ts";
export { RetryExhaustedError, RetryPolicySchema, withRetry } from "./retry.ts";
export type { RunOutcome } from "./stop-reasons.ts";
export { STOP_REASONS } from "./stop-reasons.ts";
export { pickModel } from "./traffic-split.ts";
export type { Usage } from "./usage.ts";

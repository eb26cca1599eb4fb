/**
 * @module
 * The local Bedrock: a loopback server that speaks Bedrock's wire protocol (Converse, ConverseStream,
 * CountTokens, ApplyGuardrail, Retrieve, RetrieveAndGenerate, and Lambda Invoke for local handlers) to the unmodified AWS SDK, answered by a
 * deterministic rule-based ReAct policy (not an LLM) or by a script, with fault injection and rate limits.
 * It enforces Bedrock's model rules: per-model context windows, prompt caching (simulated, with cache
 * reads and writes billed), signed reasoning blocks, structured-output schemas, and file limits.
 * Record and replay: a proxy that forwards to Amazon Bedrock and writes a cassette folder, and a
 * server that answers from one byte for byte.
 */
export type { Cassette } from "./cassette/cassette-reader.ts";
export { readCassette } from "./cassette/cassette-reader.ts";
export type { Exchange, Manifest } from "./cassette/cassette-schema.ts";
export { classifyRequest, type RequestKind } from "./cassette/classify-request.ts";
export type { RecordingProxy, RecordingProxyOptions } from "./cassette/recording-proxy.ts";
export { startRecordingProxy } from "./cassette/recording-proxy.ts";
export type { ReplayServer, ReplayServerOptions } from "./cassette/replay-server.ts";
export { startReplayServer } from "./cassette/replay-server.ts";
export type { FaultConfig } from "./faults.ts";
export { FaultConfigSchema } from "./faults.ts";
export type { KnowledgeBaseResolver } from "./knowledge-base-routes.ts";
export { fileKnowledgeBases } from "./knowledge-base-routes.ts";
export type { LocalLambdaFunction } from "./lambda-routes.ts";
export { createReactPolicy, reactPolicy } from "./model/react-policy.ts";
export type { LocalModelOverrides } from "./model-capabilities.ts";
export type { LocalModel, LocalModelRequest, ModelTurn } from "./model-contract.ts";
export { RAG_SESSION_TTL_MS } from "./rag-sessions.ts";
export type { RateLimit } from "./rate-limit.ts";
export type { LoggedRequest } from "./request-log.ts";
export type { Route, RouteContext } from "./route.ts";
export type { ScriptStep } from "./script.ts";
export { ScriptStepSchema } from "./script.ts";
export type { LocalBedrock, LocalBedrockOptions } from "./server.ts";
export { startLocalBedrock } from "./server.ts";

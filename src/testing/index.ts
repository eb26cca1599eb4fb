/**
 * @module
 * Testing your own agents offline, the way Glassbox tests itself: a local Bedrock with the rule-based
 * policy or a script of model turns, fault injection per server or per request, an in-memory span
 * recorder, and a sample knowledge-base builder. Everything runs on loopback; no mocks.
 */
export type { FaultConfig } from "../local/faults.ts";
export { createReactPolicy } from "../local/model/react-policy.ts";
export type { ScriptStep } from "../local/script.ts";
export type { LocalBedrock, LocalBedrockOptions } from "../local/server.ts";
export { startLocalBedrock } from "../local/server.ts";
export { ATTR } from "../telemetry/attributes.ts";
export { type SampleKnowledgeBaseOptions, sampleKnowledgeBase } from "./sample-knowledge-base.ts";
export { recordSpans, type SpanRecorder } from "./span-recorder.ts";
export { startTestBedrock, TEST_MODEL_ID, type TestBedrockOptions, testModel } from "./test-bedrock.ts";
export { FAULTS_HEADER, withFaults } from "./with-faults.ts";

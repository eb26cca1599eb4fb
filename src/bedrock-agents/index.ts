/**
 * @module
 * Amazon Bedrock Agents in Glassbox. Comparing with the managed agent: read a recorded `InvokeAgent`
 * stream (`readRecording`), turn it into a trajectory (`managedTrajectory`) and score a Glassbox run of
 * the same question against it (`compareWithManaged`).
 */

export {
  type AlignedCall,
  type AlignmentStatus,
  alignCalls,
  type CompareOptions,
  compareWithManaged,
  defaultComparisonEvaluators,
  type ManagedComparison,
} from "./compare-with-managed.ts";
export {
  actionGroupToolNaming,
  type ManagedOperation,
  type ManagedToolNaming,
  operationIdsFromOpenApi,
  operationKey,
} from "./managed-tool-names.ts";
export {
  decodeBlob,
  type ManagedRecording,
  type ManagedReference,
  type ManagedStep,
  type ManagedTrajectory,
  type ManagedTrajectoryOptions,
  managedTrajectory,
  parseRecording,
  type ReadRecordingOptions,
  readRecording,
} from "./managed-trace.ts";
export { RecordingSchema, StreamEventSchema } from "./managed-trace-schema.ts";

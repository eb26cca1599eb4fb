/**
 * @module
 * Glassbox Studio: the offline step debugger's server (the web UI and its JSON API on one loopback
 * origin) for your own graphs and thread store, the LangGraph dev server for LangGraph Studio, and the
 * pure helpers the UI and the CLI share (checkpoint tree, schema form, trace files).
 */
export type { DevServer, DevServerOptions } from "./dev-server.ts";
export { startDevServer, studioUrlFor } from "./dev-server.ts";
export type { Breakpoints, ResumeRequest, RunManager, RunManagerOptions } from "./run-manager.ts";
export { createRunManager } from "./run-manager.ts";
export type { CheckpointTree, CheckpointTreeNode, ForkKind } from "./shared/checkpoint-tree.ts";
export { buildCheckpointTree, findCheckpoint } from "./shared/checkpoint-tree.ts";
export type { FormField, FormValues, JsonSchema } from "./shared/schema-form.ts";
export { formFields, initialValues, readForm } from "./shared/schema-form.ts";
export type { TraceSpan } from "./shared/trace-model.ts";
export { parseTraceFile, TraceFileError } from "./shared/trace-model.ts";
export { SpanStore } from "./span-store.ts";
export { StudioRequestError } from "./studio-error.ts";
export type { DrivableGraph, StudioGraph } from "./studio-graph.ts";
export type { StudioServer, StudioServerOptions } from "./studio-server.ts";
export { STUDIO_CSP, startStudioServer } from "./studio-server.ts";

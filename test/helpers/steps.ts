import type { ActionStep, ObservationStep, Step } from "../../src/graph/state.ts";

/** A run's action steps, in order. */
export const actions = (steps: Step[]) => steps.filter((step): step is ActionStep => step.kind === "action");

/** A run's observation steps, in order. */
export const observations = (steps: Step[]) =>
  steps.filter((step): step is ObservationStep => step.kind === "observation");

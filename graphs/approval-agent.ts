/**
 * The tool agent with a person in the loop, for `langgraph.json`: calculator and date calls wait for
 * approval (approve, edit the arguments, or reject with a reason) and unit conversions are returned to
 * the client to run (return of control). The run pauses in the `review_tools` node; resume it from
 * Studio or the SDK with `command: { resume: { decisions: { <toolCallId>: {...} } } }`.
 */

import { modelFromEnv } from "./connection-from-env.ts";
import { connection, telemetry } from "./react-agent.ts";
import { createToolAgent } from "./tool-agent.ts";

export { connection };

export const agent = createToolAgent({
  name: "approval_agent",
  telemetry,
  description:
    "The tool agent with approvals for calculator and date calls, and unit conversion run by the client.",
  model: modelFromEnv(connection),
  review: { approve: ["calculator", "date_add", "date_diff", "day_of_week"], client: ["convert_units"] },
});

export const graph = agent.graph;

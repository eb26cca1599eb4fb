/**
 * The sample HR agent's `ItTickets` action group (function details) as a Lambda handler: the event
 * Bedrock Agents sends for the `open_ticket` function, and the response it expects (`messageVersion` 1.0,
 * `functionResponse.responseBody.TEXT.body`; `responseState` `REPROMPT` when the input is unusable).
 */

import { FunctionLambdaEventSchema } from "../../src/bedrock-agents/index.ts";

const PRIORITIES = ["low", "normal", "high"];
let next = 4100;

export async function handler(input: unknown) {
  const event = FunctionLambdaEventSchema.parse(input);
  const respond = (body: string, responseState?: "FAILURE" | "REPROMPT") => ({
    messageVersion: "1.0",
    response: {
      actionGroup: event.actionGroup,
      function: event.function,
      functionResponse: { ...(responseState ? { responseState } : {}), responseBody: { TEXT: { body } } },
    },
  });
  if (event.function !== "open_ticket") return respond(`no function ${event.function}`, "FAILURE");
  const value = (name: string) => event.parameters?.find((parameter) => parameter.name === name)?.value;
  const summary = value("summary")?.trim();
  const priority = (value("priority") ?? "normal").toLowerCase();
  if (!summary) return respond("summary is required: say what is wrong in one sentence", "REPROMPT");
  if (!PRIORITIES.includes(priority))
    return respond(`priority must be one of ${PRIORITIES.join(", ")}`, "REPROMPT");
  next += 1;
  return respond(`Opened ticket IT-${next} (${priority} priority): ${summary}`);
}

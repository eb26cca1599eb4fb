/**
 * The sample HR agent's `LeaveApi` action group (OpenAPI) as a Lambda handler: the event Bedrock Agents
 * sends for `GET /employees/{employeeId}/leave-balance`, and the response shape it expects
 * (`messageVersion` 1.0, `responseBody["application/json"].body`). Runs on AWS Lambda as is, and offline
 * behind the local Bedrock's Lambda Invoke route.
 */

import { ApiLambdaEventSchema } from "../../src/bedrock-agents/index.ts";

/** Remaining leave by employee id (a stand-in for the HR system). */
const BALANCES: Record<string, { vacationDaysLeft: number; sickDaysLeft: number }> = {
  E1001: { vacationDaysLeft: 12, sickDaysLeft: 8 },
  E1002: { vacationDaysLeft: 3.5, sickDaysLeft: 10 },
  E1003: { vacationDaysLeft: 21, sickDaysLeft: 6 },
};

export async function handler(input: unknown) {
  const event = ApiLambdaEventSchema.parse(input);
  const respond = (httpStatusCode: number, body: unknown) => ({
    messageVersion: "1.0",
    response: {
      actionGroup: event.actionGroup,
      apiPath: event.apiPath,
      httpMethod: event.httpMethod,
      httpStatusCode,
      responseBody: { "application/json": { body: JSON.stringify(body) } },
    },
    ...(event.sessionAttributes ? { sessionAttributes: event.sessionAttributes } : {}),
    ...(event.promptSessionAttributes ? { promptSessionAttributes: event.promptSessionAttributes } : {}),
  });
  if (event.httpMethod.toUpperCase() !== "GET" || event.apiPath !== "/employees/{employeeId}/leave-balance")
    return respond(404, { error: `no operation ${event.httpMethod} ${event.apiPath}` });
  // Lenient about what surrounds the id ("employee E1001"), as models sometimes pass more than the id.
  const given = event.parameters?.find((parameter) => parameter.name === "employeeId")?.value ?? "";
  const employeeId = /\bE\d{4}\b/i.exec(given)?.[0]?.toUpperCase();
  const balance = employeeId ? BALANCES[employeeId] : undefined;
  if (!employeeId || !balance)
    return respond(404, { error: `no employee ${employeeId ?? (given || "(none given)")}` });
  return respond(200, { employeeId, ...balance });
}

/**
 * A sample Lambda handler for two Amazon Bedrock Agents action groups of an insurance-claims agent:
 * `ClaimManagement` (an OpenAPI schema: apiPath + httpMethod) and `PolicyLookup` (function details).
 * It is an ordinary Lambda handler module: deploy it to Lambda, run it offline with
 * `localHandlerExecutor("./tools/bedrock-agent-handlers/claims.mjs")`, or serve it from the local Bedrock
 * with `glassbox local --lambda claims-actions=./tools/bedrock-agent-handlers/claims.mjs`.
 *
 * Event and response shapes: https://docs.aws.amazon.com/bedrock/latest/userguide/agents-lambda.html
 * Session attributes: https://docs.aws.amazon.com/bedrock/latest/userguide/agents-session-state.html
 * - `sessionAttributes.policyHolderId`, when set, limits the claims listed to that policy holder;
 * - every claim looked up is remembered in `sessionAttributes.lastClaimId` and counted in `lookups`;
 * - a looked-up claim's status is handed to the next prompt as `promptSessionAttributes.claimStatus`.
 */

const CLAIMS = [
  { claimId: "CLM-1042", policyHolderId: "PH-310", status: "PENDING_DOCUMENTS", amount: 1840 },
  { claimId: "CLM-1043", policyHolderId: "PH-311", status: "OPEN", amount: 520 },
  { claimId: "CLM-1051", policyHolderId: "PH-310", status: "IN_REVIEW", amount: 12400 },
];
const PAPERWORK = { "CLM-1042": ["repair estimate", "police report"], "CLM-1043": [], "CLM-1051": [] };
const POLICIES = {
  "POL-77812": { policyNumber: "POL-77812", holder: "PH-310", coverage: "comprehensive", deductible: 500 },
  "POL-80021": { policyNumber: "POL-80021", holder: "PH-311", coverage: "liability", deductible: 1000 },
};

export const handler = async (event, context) => {
  const session = { ...event.sessionAttributes };
  if ("function" in event) return policyLookup(event, session);
  return claimManagement(event, session, context);
};

/** The OpenAPI action group: list claims, get one, its paperwork, send a reminder. */
function claimManagement(event, session) {
  const params = Object.fromEntries((event.parameters ?? []).map((p) => [p.name, p.value]));
  const body = Object.fromEntries(
    (event.requestBody?.content?.["application/json"]?.properties ?? []).map((p) => [p.name, p.value]),
  );
  const route = `${event.httpMethod.toUpperCase()} ${event.apiPath}`;
  const claim = CLAIMS.find((c) => c.claimId === params.claimId);
  const answer = (status, payload, extra = {}) => ({
    messageVersion: "1.0",
    response: {
      actionGroup: event.actionGroup,
      apiPath: event.apiPath,
      httpMethod: event.httpMethod,
      httpStatusCode: status,
      responseBody: { "application/json": { body: JSON.stringify(payload) } },
    },
    sessionAttributes: session,
    promptSessionAttributes: { ...event.promptSessionAttributes, ...extra },
  });
  switch (route) {
    case "GET /claims": {
      const holder = session.policyHolderId;
      const open = CLAIMS.filter(
        (c) => (!holder || c.policyHolderId === holder) && (!params.status || c.status === params.status),
      );
      return answer(200, open.slice(0, Number(params.limit ?? open.length)));
    }
    case "GET /claims/{claimId}": {
      if (!claim) return answer(404, { message: `no claim ${params.claimId}` });
      session.lastClaimId = claim.claimId;
      session.lookups = String(Number(session.lookups ?? 0) + 1);
      return answer(200, claim, { claimStatus: claim.status });
    }
    case "GET /claims/{claimId}/outstanding-paperwork":
      if (!claim) return answer(404, { message: `no claim ${params.claimId}` });
      return answer(200, { pendingDocuments: PAPERWORK[claim.claimId] ?? [] });
    case "POST /claims/{claimId}/reminders": {
      if (!claim) return answer(404, { message: `no claim ${params.claimId}` });
      const documents = body.documents ? JSON.parse(body.documents) : [];
      return answer(200, { sent: true, claimId: claim.claimId, documents });
    }
    default:
      return answer(400, { message: `unknown operation ${route}` });
  }
}

/** The function-details action group: look up a policy, estimate a deductible, file a claim. */
function policyLookup(event, session) {
  const params = Object.fromEntries((event.parameters ?? []).map((p) => [p.name, p.value]));
  const answer = (text, responseState) => ({
    messageVersion: "1.0",
    response: {
      actionGroup: event.actionGroup,
      function: event.function,
      functionResponse: {
        ...(responseState ? { responseState } : {}),
        responseBody: { TEXT: { body: text } },
      },
    },
    sessionAttributes: session,
    promptSessionAttributes: event.promptSessionAttributes,
  });
  if (!/^POL-\d{5}$/.test(params.policyNumber ?? ""))
    return answer(
      `"${params.policyNumber}" is not a policy number: expected POL- and five digits, such as POL-77812`,
      "REPROMPT",
    );
  const policy = POLICIES[params.policyNumber];
  if (!policy) return answer(`policy ${params.policyNumber} does not exist`, "FAILURE");
  switch (event.function) {
    case "getPolicy":
      session.policyHolderId = policy.holder;
      return answer(JSON.stringify(policy));
    case "estimateDeductible": {
      const amount = Number(params.claimAmount);
      return answer(
        JSON.stringify({ policyNumber: policy.policyNumber, youPay: Math.min(amount, policy.deductible) }),
      );
    }
    case "fileClaim":
      return answer(JSON.stringify({ filed: true, claimId: "CLM-2001", urgent: params.urgent === "true" }));
    default:
      return answer(`unknown function ${event.function}`, "FAILURE");
  }
}

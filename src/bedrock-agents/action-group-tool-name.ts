/** An operation of an action group, as a tool name needs it. */
export type NamedOperation = { httpMethod: string; operationId: string } | { function: string };

/**
 * The tool name of an action-group operation, as Bedrock Agents forms it: `<httpMethod>__<actionGroup>__<operationId>`
 * for an OpenAPI operation (the verb in lower case, as the Lambda event's `httpMethod`) and
 * `<actionGroup>__<function>` for a function. Bedrock's names cannot contain `__` themselves, so the parts
 * never run together; a result over 64 characters is not a legal tool name (the caller refuses it).
 *
 * @example
 * ```ts
 * actionGroupToolName("ClaimManagement", { httpMethod: "GET", operationId: "getClaim" }); // "get__ClaimManagement__getClaim"
 * actionGroupToolName("PolicyLookup", { function: "getPolicy" }); // "PolicyLookup__getPolicy"
 * ```
 */
export function actionGroupToolName(actionGroup: string, operation: NamedOperation): string {
  return "function" in operation
    ? `${actionGroup}__${operation.function}`
    : `${operation.httpMethod.toLowerCase()}__${actionGroup}__${operation.operationId}`;
}

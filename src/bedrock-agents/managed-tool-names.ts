import { actionGroupToolName } from "./action-group-tool-name.ts";

/**
 * How a managed action-group operation is named as a Glassbox tool. The default is the action-group tools'
 * own naming ({@link actionGroupToolName}: `<verb>__<actionGroup>__<operationId>`, `<actionGroup>__<function>`);
 * an `InvokeAgent` trace names an OpenAPI operation
 * only by `apiPath` and verb, so its operationId comes from `operationIds` (see
 * {@link operationIdsFromOpenApi}), else from the path.
 */

/** One managed call of an action-group operation, as the trace names it. */
export interface ManagedOperation {
  actionGroup: string;
  apiPath?: string;
  httpMethod?: string;
  function?: string;
}

/** Maps a managed operation to the Glassbox tool name it is compared with. */
export type ManagedToolNaming = (operation: ManagedOperation) => string;

/** The key of an OpenAPI operation in an `operationIds` map: `<actionGroup> <METHOD> <apiPath>`. */
export const operationKey = (actionGroup: string, httpMethod: string, apiPath: string) =>
  `${actionGroup} ${httpMethod.toUpperCase()} ${apiPath}`;

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The operationIds of an OpenAPI 3 document's operations, keyed by {@link operationKey}. */
export function operationIdsFromOpenApi(actionGroup: string, schema: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  const paths =
    (schema as { paths?: Record<string, Record<string, { operationId?: unknown }>> })?.paths ?? {};
  for (const [path, item] of Object.entries(paths))
    for (const method of METHODS) {
      const id = item?.[method]?.operationId;
      if (typeof id === "string") ids[operationKey(actionGroup, method, path)] = id;
    }
  return ids;
}

/** Bedrock's tool-name characters (`[a-zA-Z0-9_-]`, 1–64). */
const toolNameOf = (text: string) => text.replace(/[^a-zA-Z0-9_-]+/g, "_").slice(0, 64);

/** `/orders/{id}/items` → `orders_id_items`: the path when no operationId is known. */
const pathName = (apiPath: string) =>
  apiPath
    .split("/")
    .map((segment) => segment.replace(/[{}]/g, ""))
    .filter(Boolean)
    .join("_");

/**
 * The default naming, the one {@link actionGroupTools} gives its tools: functions as `<actionGroup>__<function>`,
 * OpenAPI operations as `<verb>__<actionGroup>__<operationId>` with the operationId from `operationIds`, else
 * from the path.
 *
 * @example
 * ```ts
 * const naming = actionGroupToolNaming({ "orders GET /orders/{id}": "getOrder" });
 * naming({ actionGroup: "orders", apiPath: "/orders/{id}", httpMethod: "get" }); // "get__orders__getOrder"
 * ```
 */
export function actionGroupToolNaming(operationIds: Record<string, string> = {}): ManagedToolNaming {
  return (operation) => {
    if (operation.function !== undefined)
      return toolNameOf(actionGroupToolName(operation.actionGroup, { function: operation.function }));
    const path = operation.apiPath ?? "";
    const httpMethod = operation.httpMethod ?? "";
    const operationId = operationIds[operationKey(operation.actionGroup, httpMethod, path)] ?? pathName(path);
    return toolNameOf(actionGroupToolName(operation.actionGroup, { httpMethod, operationId }));
  };
}

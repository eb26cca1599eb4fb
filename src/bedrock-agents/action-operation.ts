/**
 * One action of an action group, whichever way it was defined (an OpenAPI operation or a function), in
 * the terms its tool and its invocation need.
 */

/** The value types Bedrock Agents passes a parameter as (`ParameterDetail.type`, OpenAPI `schema.type`). */
export type ParameterType = "string" | "number" | "integer" | "boolean" | "array";

/** A parameter of an operation or function. */
export interface OperationParameter {
  name: string;
  type: ParameterType;
  /** OpenAPI operations: where the parameter goes in the HTTP request. */
  in?: "path" | "query" | "header";
  required: boolean;
  description?: string;
  /** The JSON Schema the model sees for it. */
  schema: Record<string, unknown>;
}

/** A top-level property of a JSON request body. */
export interface BodyProperty {
  /** Its name in the body (and in the Lambda event's `requestBody` properties). */
  name: string;
  /** Its key in the tool input: the name, or `body_<name>` when a parameter has the name already. */
  key: string;
  type: string;
  required: boolean;
  /** Its JSON Schema, `$ref`s resolved. */
  schema: Record<string, unknown>;
}

/** An OpenAPI operation of an action group. */
export interface ApiOperation {
  kind: "api";
  /** The `operationId`. */
  id: string;
  description: string;
  apiPath: string;
  /** Lower case, as Bedrock Agents sends it (`get`, `post`, …). */
  httpMethod: string;
  parameters: OperationParameter[];
  requestBody?: { mediaType: "application/json"; required: boolean; properties: BodyProperty[] };
  requireConfirmation: boolean;
}

/** A function of a function-details action group. */
export interface FunctionOperation {
  kind: "function";
  /** The function's name. */
  id: string;
  description?: string;
  parameters: OperationParameter[];
  requireConfirmation: boolean;
}

export type ActionOperation = ApiOperation | FunctionOperation;

/**
 * Quotas of Bedrock Agents that a definition must fit. Both are adjustable in Service Quotas: pass your
 * account's values when AWS raised them for you.
 */
export interface ActionGroupQuotas {
  /** API operations (or functions) per action group. Default 11, as AWS documents. */
  operationsPerActionGroup?: number;
  /** Parameters per function of a function-details action group. Default 5. */
  parametersPerFunction?: number;
}

export const DEFAULT_QUOTAS: Required<ActionGroupQuotas> = {
  operationsPerActionGroup: 11,
  parametersPerFunction: 5,
};

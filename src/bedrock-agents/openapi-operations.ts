import { parse as parseYaml } from "yaml";
import { ActionGroupError, type ActionGroupProblem } from "./action-group-error.ts";
import {
  type ActionGroupQuotas,
  type ApiOperation,
  type BodyProperty,
  DEFAULT_QUOTAS,
  type OperationParameter,
  type ParameterType,
} from "./action-operation.ts";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const OTHER_METHODS = ["head", "options", "trace"];
const PARAMETER_TYPES = ["string", "number", "integer", "boolean", "array"];
const BODY_TYPES = [...PARAMETER_TYPES, "object"];
const LOCATIONS = ["path", "query", "header"];
// JSON Schema keywords Bedrock Agents' OpenAPI subset does not take (the docs name `enum`; the
// combinators cannot be turned into the flat parameter list Bedrock sends).
const UNSUPPORTED_KEYWORDS: Record<string, string> = {
  oneOf: "oneOf is not supported by Bedrock Agents; use one schema per operation",
  anyOf: "anyOf is not supported by Bedrock Agents; use one schema per operation",
  allOf: "allOf is not supported by Bedrock Agents; write the properties out",
  not: "not is not supported by Bedrock Agents",
  enum: "enum is not supported by Bedrock Agents; describe the allowed values in the description",
};
const OPERATION_ID = /^[a-zA-Z0-9]+([_-][a-zA-Z0-9]+)*$/;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Parses an OpenAPI document given as JSON or YAML text. */
export function parseOpenApiText(group: string, text: string): unknown {
  try {
    // A file saved with a byte-order mark still parses.
    const body = text.replace(/^\uFEFF/, "");
    return body.trimStart().startsWith("{") ? JSON.parse(body) : parseYaml(body);
  } catch (error) {
    throw new ActionGroupError(
      group,
      [{ path: "apiSchema.payload", reason: `not JSON or YAML: ${(error as Error).message.split("\n")[0]}` }],
      { cause: error },
    );
  }
}

/** Resolves `$ref`s against one document, collecting problems instead of throwing. */
class Resolver {
  constructor(
    private readonly document: Json,
    readonly problems: ActionGroupProblem[],
  ) {}

  /** The node a `$ref` points to (followed to the end), or the node itself. */
  follow(node: unknown, where: string, seen: string[] = []): unknown {
    if (!isObject(node) || typeof node.$ref !== "string") return node;
    const ref = node.$ref;
    if (!ref.startsWith("#/")) {
      this.problems.push({
        path: where,
        reason: `$ref "${ref}" points outside the document; Bedrock Agents resolves $ref within the schema only`,
      });
      return undefined;
    }
    if (seen.includes(ref)) {
      this.problems.push({ path: where, reason: `$ref "${ref}" refers to itself (a circular schema)` });
      return undefined;
    }
    let target: unknown = this.document;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObject(target) ? target[key] : undefined;
    }
    if (target === undefined) {
      this.problems.push({ path: where, reason: `$ref "${ref}" points to nothing in the document` });
      return undefined;
    }
    return this.follow(target, where, [...seen, ref]);
  }

  /** A JSON Schema with every `$ref` inlined and the keywords Bedrock does not take refused. */
  schema(node: unknown, where: string, seen: string[] = []): Json {
    const ref = isObject(node) && typeof node.$ref === "string" ? node.$ref : undefined;
    if (ref && seen.includes(ref)) {
      this.problems.push({ path: where, reason: `$ref "${ref}" refers to itself (a circular schema)` });
      return {};
    }
    const resolved = this.follow(node, where, []);
    if (!isObject(resolved)) {
      if (resolved !== undefined) this.problems.push({ path: where, reason: "must be a schema object" });
      return {};
    }
    const trail = ref ? [...seen, ref] : seen;
    const out: Json = {};
    for (const [key, value] of Object.entries(resolved)) {
      if (key in UNSUPPORTED_KEYWORDS) {
        this.problems.push({ path: `${where}.${key}`, reason: UNSUPPORTED_KEYWORDS[key] as string });
        continue;
      }
      if (key === "properties" && isObject(value)) {
        out.properties = Object.fromEntries(
          Object.entries(value).map(([name, child]) => [
            name,
            this.schema(child, `${where}.properties.${name}`, trail),
          ]),
        );
      } else if (key === "items") {
        out.items = this.schema(value, `${where}.items`, trail);
      } else if (key === "additionalProperties" && isObject(value)) {
        out.additionalProperties = this.schema(value, `${where}.additionalProperties`, trail);
      } else if (!key.startsWith("x-") && key !== "example" && key !== "nullable") {
        out[key] = value;
      }
    }
    return out;
  }
}

/**
 * The operations of an OpenAPI 3.0 document, checked against what Bedrock Agents accepts: `openapi`
 * 3.0.x, at most 11 operations, each with an `operationId` (Bedrock names the tool with it for models
 * that use tools), a `description` and `responses` (each with a description); parameters in the path,
 * query or header of types string/number/integer/boolean/array, each with a description; JSON request
 * bodies with object schemas; `$ref` within the document; `x-requireConfirmation` ENABLED or DISABLED.
 *
 * @throws ActionGroupError with every problem found, each naming where (`paths./orders/{id}.get`).
 */
export function openApiOperations(
  group: string,
  document: unknown,
  quotas: ActionGroupQuotas = {},
): ApiOperation[] {
  const problems: ActionGroupProblem[] = [];
  const fail = () => new ActionGroupError(group, problems);
  if (!isObject(document)) {
    problems.push({
      path: "apiSchema.payload",
      reason: "must be an OpenAPI document (a JSON or YAML object)",
    });
    throw fail();
  }
  if (typeof document.openapi !== "string" || !/^3\.0\.\d+$/.test(document.openapi))
    problems.push({
      path: "openapi",
      reason: `must be "3.0.0" (Bedrock Agents takes OpenAPI 3.0 schemas), got ${JSON.stringify(document.openapi ?? document.swagger)}`,
    });
  if (!isObject(document.paths) || !Object.keys(document.paths).length) {
    problems.push({ path: "paths", reason: "must hold at least one path with an operation" });
    throw fail();
  }
  const resolver = new Resolver(document, problems);
  const operations: ApiOperation[] = [];
  const ids = new Map<string, string>();
  for (const [apiPath, rawItem] of Object.entries(document.paths)) {
    const where = `paths.${apiPath}`;
    if (!apiPath.startsWith("/")) problems.push({ path: where, reason: 'a path must start with "/"' });
    const item = resolver.follow(rawItem, where);
    if (!isObject(item)) {
      if (item !== undefined) problems.push({ path: where, reason: "must be a path item object" });
      continue;
    }
    for (const method of OTHER_METHODS)
      if (method in item)
        problems.push({
          path: `${where}.${method}`,
          reason: `${method} operations are not supported (get, put, post, delete or patch)`,
        });
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const at = `${where}.${method}`;
      const operation = item[method];
      if (!isObject(operation)) {
        problems.push({ path: at, reason: "must be an operation object" });
        continue;
      }
      const parsed = parseOperation(resolver, apiPath, method, operation, shared, at);
      if (!parsed) continue;
      const earlier = ids.get(parsed.id);
      if (earlier)
        problems.push({ path: at, reason: `operationId "${parsed.id}" is used by ${earlier} too` });
      ids.set(parsed.id, at);
      operations.push(parsed);
    }
  }
  const max = quotas.operationsPerActionGroup ?? DEFAULT_QUOTAS.operationsPerActionGroup;
  if (operations.length > max)
    problems.push({
      path: "paths",
      reason: `${operations.length} operations; an action group takes at most ${max} (Bedrock Agents' APIs-per-action-group quota)`,
    });
  if (problems.length) throw fail();
  return operations;
}

function parseOperation(
  resolver: Resolver,
  apiPath: string,
  method: string,
  operation: Json,
  shared: unknown[],
  at: string,
): ApiOperation | undefined {
  const problems = resolver.problems;
  const before = problems.length;
  const id = operation.operationId;
  if (typeof id !== "string" || !id)
    problems.push({
      path: at,
      reason: "missing operationId (Bedrock Agents names the tool with it for models that use tools)",
    });
  else if (!OPERATION_ID.test(id))
    problems.push({
      path: `${at}.operationId`,
      reason: `"${id}" must be letters and digits, with single "-" or "_" between them`,
    });
  if (typeof operation.description !== "string" || !operation.description.trim())
    problems.push({ path: at, reason: "missing description (Bedrock Agents requires one per operation)" });
  checkResponses(resolver, operation.responses, `${at}.responses`);
  const confirmation = operation["x-requireConfirmation"];
  if (confirmation !== undefined && confirmation !== "ENABLED" && confirmation !== "DISABLED")
    problems.push({ path: `${at}.x-requireConfirmation`, reason: "must be ENABLED or DISABLED" });
  if (operation.callbacks !== undefined)
    problems.push({ path: `${at}.callbacks`, reason: "callbacks are not supported by Bedrock Agents" });

  const own = Array.isArray(operation.parameters) ? operation.parameters : [];
  const beforeParameters = problems.length;
  const parameters = mergeParameters(resolver, shared, own, at);
  // A parameter refused already would also show up as missing from the path.
  const templated =
    problems.length > beforeParameters
      ? []
      : [...apiPath.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  for (const name of templated)
    if (!parameters.some((parameter) => parameter.in === "path" && parameter.name === name))
      problems.push({ path: at, reason: `path template {${name}} has no path parameter "${name}"` });
  for (const parameter of parameters)
    if (
      problems.length === beforeParameters &&
      parameter.in === "path" &&
      !templated.includes(parameter.name)
    )
      problems.push({ path: at, reason: `path parameter "${parameter.name}" is not in the path ${apiPath}` });

  const requestBody =
    operation.requestBody === undefined
      ? undefined
      : parseRequestBody(resolver, operation.requestBody, parameters, `${at}.requestBody`);
  if (problems.length > before) return undefined;
  return {
    kind: "api",
    id: id as string,
    description: (operation.description as string).trim(),
    apiPath,
    httpMethod: method,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    requireConfirmation: confirmation === "ENABLED",
  };
}

function checkResponses(resolver: Resolver, responses: unknown, at: string): void {
  if (!isObject(responses) || !Object.keys(responses).length) {
    resolver.problems.push({
      path: at.replace(/\.responses$/, ""),
      reason: "missing responses (Bedrock Agents requires them)",
    });
    return;
  }
  for (const [code, raw] of Object.entries(responses)) {
    const response = resolver.follow(raw, `${at}.${code}`);
    if (!isObject(response)) continue;
    if (typeof response.description !== "string")
      resolver.problems.push({
        path: `${at}.${code}`,
        reason: "missing description (every response needs one)",
      });
  }
}

/** Path-level and operation-level parameters; the operation's replace the path's of the same name and place. */
function mergeParameters(
  resolver: Resolver,
  shared: unknown[],
  own: unknown[],
  at: string,
): OperationParameter[] {
  const byKey = new Map<string, OperationParameter>();
  const read = (list: unknown[], where: string, replace: boolean) => {
    const local = new Set<string>();
    list.forEach((raw, index) => {
      const parameter = parseParameter(resolver, raw, `${where}.parameters[${index}]`);
      if (!parameter) return;
      const key = `${parameter.in}:${parameter.name}`;
      if (local.has(key)) {
        resolver.problems.push({
          path: `${where}.parameters[${index}]`,
          reason: `parameter "${parameter.name}" (in ${parameter.in}) is declared twice`,
        });
        return;
      }
      local.add(key);
      if (replace || !byKey.has(key)) byKey.set(key, parameter);
    });
  };
  read(shared, at.replace(/\.[a-z]+$/, ""), false);
  read(own, at, true);
  const parameters = [...byKey.values()];
  const names = new Map<string, string>();
  for (const parameter of parameters) {
    const other = names.get(parameter.name);
    if (other)
      resolver.problems.push({
        path: `${at}.parameters`,
        reason: `parameter "${parameter.name}" is both in ${other} and in ${parameter.in}; Bedrock Agents passes parameters by name`,
      });
    names.set(parameter.name, parameter.in as string);
  }
  return parameters;
}

function parseParameter(resolver: Resolver, raw: unknown, at: string): OperationParameter | undefined {
  const problems = resolver.problems;
  const before = problems.length;
  const parameter = resolver.follow(raw, at);
  if (!isObject(parameter)) {
    if (parameter !== undefined) problems.push({ path: at, reason: "must be a parameter object" });
    return undefined;
  }
  const name = parameter.name;
  if (typeof name !== "string" || !name) problems.push({ path: at, reason: "missing name" });
  const location = parameter.in;
  if (location === "cookie")
    problems.push({
      path: `${at}.in`,
      reason: "cookie parameters are not supported by Bedrock Agents (path, query or header)",
    });
  else if (typeof location !== "string" || !LOCATIONS.includes(location))
    problems.push({ path: `${at}.in`, reason: "must be path, query or header" });
  if (typeof parameter.description !== "string" || !parameter.description.trim())
    problems.push({ path: at, reason: "missing description (Bedrock Agents requires one per parameter)" });
  if (location === "path" && parameter.required !== true)
    problems.push({ path: `${at}.required`, reason: "a path parameter must be required: true" });
  if (parameter.content !== undefined)
    problems.push({
      path: `${at}.content`,
      reason: "parameters described by content are not supported; use schema",
    });
  const schema =
    parameter.schema === undefined ? { type: "string" } : resolver.schema(parameter.schema, `${at}.schema`);
  const type = schema.type;
  if (typeof type !== "string" || !PARAMETER_TYPES.includes(type))
    problems.push({
      path: `${at}.schema.type`,
      reason: `${JSON.stringify(type)} is not a parameter type Bedrock Agents takes (string, number, integer, boolean, array)`,
    });
  else if (type === "array") {
    const itemType = (schema.items as Json | undefined)?.type;
    if (typeof itemType !== "string" || !["string", "number", "integer", "boolean"].includes(itemType))
      problems.push({
        path: `${at}.schema.items`,
        reason: "array parameters need items of type string, number, integer or boolean",
      });
  }
  if (problems.length > before) return undefined;
  const description = (parameter.description as string).trim();
  return {
    name: name as string,
    type: type as ParameterType,
    in: location as "path" | "query" | "header",
    required: parameter.required === true,
    description,
    schema: { ...schema, description },
  };
}

function parseRequestBody(
  resolver: Resolver,
  raw: unknown,
  parameters: OperationParameter[],
  at: string,
): ApiOperation["requestBody"] {
  const problems = resolver.problems;
  const body = resolver.follow(raw, at);
  if (!isObject(body)) return undefined;
  if (!isObject(body.content) || !Object.keys(body.content).length) {
    problems.push({ path: `${at}.content`, reason: "must give the application/json schema of the body" });
    return undefined;
  }
  for (const mediaType of Object.keys(body.content))
    if (mediaType !== "application/json")
      problems.push({
        path: `${at}.content.${mediaType}`,
        reason: "Bedrock Agents takes application/json request bodies only",
      });
  const media = body.content["application/json"];
  if (!isObject(media)) return undefined;
  const before = problems.length;
  const schema = resolver.schema(media.schema, `${at}.content.application/json.schema`);
  if (problems.length > before) return undefined;
  if (schema.type !== undefined && schema.type !== "object") {
    problems.push({
      path: `${at}.content.application/json.schema.type`,
      reason: "a request body must be an object (Bedrock Agents passes its properties by name)",
    });
    return undefined;
  }
  if (!isObject(schema.properties) || !Object.keys(schema.properties).length) {
    problems.push({ path: `${at}.content.application/json.schema`, reason: "needs properties" });
    return undefined;
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const taken = new Set(parameters.map((parameter) => parameter.name));
  const properties: BodyProperty[] = [];
  for (const [name, child] of Object.entries(schema.properties as Record<string, Json>)) {
    const where = `${at}.content.application/json.schema.properties.${name}`;
    if (typeof child.type !== "string" || !BODY_TYPES.includes(child.type)) {
      problems.push({
        path: `${where}.type`,
        reason: `${JSON.stringify(child.type)} is not a type Bedrock Agents takes (string, number, integer, boolean, array, object)`,
      });
      continue;
    }
    const key = taken.has(name) ? `body_${name}` : name;
    if (taken.has(key)) {
      problems.push({ path: where, reason: `"${name}" and "${key}" are both parameters already` });
      continue;
    }
    taken.add(key);
    properties.push({ name, key, type: child.type, required: required.has(name), schema: child });
  }
  return { mediaType: "application/json", required: body.required === true, properties };
}

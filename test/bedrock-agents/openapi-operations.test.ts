import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ActionGroupError,
  actionGroupToolName,
  actionGroupTools,
  invocationFor,
  openApiOperations,
  parseOpenApiText,
} from "../../src/bedrock-agents/index.ts";
import { GlassboxError } from "../../src/errors.ts";
import type { Tool } from "../../src/tools/index.ts";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");

type Json = Record<string, unknown>;

/** A one-operation schema Bedrock Agents accepts; `change` edits a copy. */
function schema(change: (doc: Json & { paths: Record<string, Record<string, Json>> }) => void = () => {}) {
  const doc = {
    openapi: "3.0.0",
    info: { title: "Orders", version: "1" },
    paths: {
      "/orders/{id}": {
        get: {
          operationId: "getOrder",
          description: "Get one order by its id",
          parameters: [
            {
              name: "id",
              in: "path",
              required: true,
              description: "The order id",
              schema: { type: "string" },
            },
          ],
          responses: { "200": { description: "The order" } },
        },
      },
    },
  } as Json & { paths: Record<string, Record<string, Json>> };
  change(doc);
  return doc;
}

const get = (doc: { paths: Record<string, Record<string, Json>> }) => doc.paths["/orders/{id}"]?.get as Json;

/** The message openApiOperations refuses a document with. */
function refusal(doc: unknown): string {
  try {
    openApiOperations("Orders", doc);
  } catch (error) {
    expect(GlassboxError.isInstance(error)).toBe(true);
    expect((error as GlassboxError).code).toBe("ACTION_GROUP_INVALID");
    expect((error as GlassboxError).kind).toBe("usage");
    return (error as Error).message;
  }
  throw new Error("the document was accepted");
}

describe("AWS's documented example schema", () => {
  it("turns the agents-api-schema page's GetWeather example (YAML, as published) into one tool", () => {
    const payload = fixture("aws-docs/agents-api-schema-get-weather.yaml");
    const [tool, ...rest] = actionGroupTools({
      actionGroupName: "WeatherApi",
      actionGroupExecutor: { customControl: "RETURN_CONTROL" },
      apiSchema: { payload },
    });
    expect(rest).toEqual([]);
    expect(tool?.name).toBe("get__WeatherApi__getWeather");
    expect(tool?.jsonSchema).toMatchObject({
      properties: { location: { type: "string", description: "location name" } },
      required: ["location"],
    });
  });
});

describe("OpenAPI schemas of action groups", () => {
  it("reads the claims API as JSON and as YAML into the same operations, $refs resolved", () => {
    const fromJson = openApiOperations(
      "ClaimManagement",
      parseOpenApiText("ClaimManagement", fixture("claims-api.json")),
    );
    const fromYaml = openApiOperations(
      "ClaimManagement",
      parseOpenApiText("ClaimManagement", fixture("claims-api.yaml")),
    );
    expect(fromYaml).toEqual(fromJson);
    const withBom = parseOpenApiText("ClaimManagement", `\uFEFF${fixture("claims-api.json")}`);
    expect(openApiOperations("ClaimManagement", withBom)).toEqual(fromJson);
    expect(
      fromJson.map((operation) => `${operation.httpMethod} ${operation.apiPath} ${operation.id}`),
    ).toEqual([
      "get /claims listOpenClaims",
      "get /claims/{claimId} getClaim",
      "get /claims/{claimId}/outstanding-paperwork getOutstandingPaperwork",
      "post /claims/{claimId}/reminders sendReminder",
    ]);
    const reminder = fromJson[3];
    // The path-level $ref'd parameter, the header parameter, and the $ref'd body schema.
    expect(
      reminder?.parameters.map((parameter) => [
        parameter.name,
        parameter.in,
        parameter.type,
        parameter.required,
      ]),
    ).toEqual([
      ["claimId", "path", "string", true],
      ["x-tenant-id", "header", "string", false],
    ]);
    expect(reminder?.kind === "api" && reminder.requestBody).toMatchObject({
      mediaType: "application/json",
      required: true,
      properties: [
        { name: "documents", type: "array", required: true, schema: { items: { type: "string" } } },
        { name: "urgent", type: "boolean", required: false },
        { name: "daysToRespond", type: "integer", required: false },
      ],
    });
    expect(fromJson.map((operation) => operation.requireConfirmation)).toEqual([false, false, false, true]);
  });

  it("refuses more operations than Bedrock's quota (11), and takes a raised quota", () => {
    const twelve = schema((doc) => {
      for (let i = 1; i < 12; i++)
        doc.paths[`/orders/${i}`] = {
          get: {
            operationId: `op${i}`,
            description: `Operation ${i}`,
            responses: { "200": { description: "ok" } },
          },
        };
    });
    expect(refusal(twelve)).toBe(
      `action group "Orders": paths: 12 operations; an action group takes at most 11 (Bedrock Agents' APIs-per-action-group quota)`,
    );
    expect(openApiOperations("Orders", twelve, { operationsPerActionGroup: 12 })).toHaveLength(12);
  });

  it("refuses an operation without operationId, description or responses, naming the operation", () => {
    const doc = schema((doc) => {
      delete get(doc).operationId;
      delete get(doc).description;
      delete get(doc).responses;
    });
    expect(refusal(doc).split("\n")).toEqual([
      `action group "Orders": paths./orders/{id}.get: missing operationId (Bedrock Agents names the tool with it for models that use tools)`,
      `action group "Orders": paths./orders/{id}.get: missing description (Bedrock Agents requires one per operation)`,
      `action group "Orders": paths./orders/{id}.get: missing responses (Bedrock Agents requires them)`,
    ]);
  });

  it("refuses a response without a description and a duplicate or ill-formed operationId", () => {
    expect(refusal(schema((doc) => (get(doc).responses = { "200": {} })))).toBe(
      `action group "Orders": paths./orders/{id}.get.responses.200: missing description (every response needs one)`,
    );
    expect(refusal(schema((doc) => (get(doc).operationId = "get order")))).toBe(
      `action group "Orders": paths./orders/{id}.get.operationId: "get order" must be letters and digits, with single "-" or "_" between them`,
    );
    const twice = schema((doc) => {
      doc.paths["/orders"] = { post: { ...get(doc), parameters: [] } };
    });
    expect(refusal(twice)).toBe(
      `action group "Orders": paths./orders.post: operationId "getOrder" is used by paths./orders/{id}.get too`,
    );
  });

  it("refuses OpenAPI versions other than 3.0 and documents that are not schemas", () => {
    expect(refusal(schema((doc) => (doc.openapi = "3.1.0")))).toBe(
      `action group "Orders": openapi: must be "3.0.0" (Bedrock Agents takes OpenAPI 3.0 schemas), got "3.1.0"`,
    );
    expect(refusal({ swagger: "2.0", paths: {} }).split("\n")[0]).toBe(
      `action group "Orders": openapi: must be "3.0.0" (Bedrock Agents takes OpenAPI 3.0 schemas), got "2.0"`,
    );
    expect(() => parseOpenApiText("Orders", "openapi: [3.0.0\npaths: {")).toThrow(
      /^action group "Orders": apiSchema\.payload: not JSON or YAML: /,
    );
  });

  it("refuses cookie parameters, parameters without description and types Bedrock does not take", () => {
    const cookie = schema((doc) => {
      (get(doc).parameters as Json[]).push({
        name: "session",
        in: "cookie",
        description: "x",
        schema: { type: "string" },
      });
    });
    expect(refusal(cookie)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1].in: cookie parameters are not supported by Bedrock Agents (path, query or header)`,
    );
    const undescribed = schema((doc) => {
      (get(doc).parameters as Json[]).push({ name: "expand", in: "query", schema: { type: "boolean" } });
    });
    expect(refusal(undescribed)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1]: missing description (Bedrock Agents requires one per parameter)`,
    );
    const object = schema((doc) => {
      (get(doc).parameters as Json[]).push({
        name: "filter",
        in: "query",
        description: "x",
        schema: { type: "object" },
      });
    });
    expect(refusal(object)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1].schema.type: "object" is not a parameter type Bedrock Agents takes (string, number, integer, boolean, array)`,
    );
    const untypedArray = schema((doc) => {
      (get(doc).parameters as Json[]).push({
        name: "tags",
        in: "query",
        description: "x",
        schema: { type: "array" },
      });
    });
    expect(refusal(untypedArray)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1].schema.items: array parameters need items of type string, number, integer or boolean`,
    );
  });

  it("refuses oneOf, anyOf, allOf and enum, wherever they are", () => {
    const doc = schema((doc) => {
      get(doc).requestBody = {
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                note: { type: "string", oneOf: [{ maxLength: 3 }, { minLength: 9 }] },
                kind: { type: "string", enum: ["a", "b"] },
                nested: { type: "object", properties: { x: { type: "string", anyOf: [{}] } } },
              },
            },
          },
        },
      };
      ((get(doc).parameters as Json[])[0] as Json).schema = { type: "string", allOf: [{ minLength: 1 }] };
    });
    const at = "paths./orders/{id}.get";
    expect(refusal(doc).split("\n")).toEqual([
      `action group "Orders": ${at}.parameters[0].schema.allOf: allOf is not supported by Bedrock Agents; write the properties out`,
      `action group "Orders": ${at}.requestBody.content.application/json.schema.properties.note.oneOf: oneOf is not supported by Bedrock Agents; use one schema per operation`,
      `action group "Orders": ${at}.requestBody.content.application/json.schema.properties.kind.enum: enum is not supported by Bedrock Agents; describe the allowed values in the description`,
      `action group "Orders": ${at}.requestBody.content.application/json.schema.properties.nested.properties.x.anyOf: anyOf is not supported by Bedrock Agents; use one schema per operation`,
    ]);
  });

  it("refuses request bodies that are not JSON objects", () => {
    const xml = schema((doc) => {
      get(doc).requestBody = {
        content: {
          "application/xml": { schema: { type: "object", properties: { a: { type: "string" } } } },
        },
      };
    });
    expect(refusal(xml)).toBe(
      `action group "Orders": paths./orders/{id}.get.requestBody.content.application/xml: Bedrock Agents takes application/json request bodies only`,
    );
    const list = schema((doc) => {
      get(doc).requestBody = {
        content: { "application/json": { schema: { type: "array", items: { type: "string" } } } },
      };
    });
    expect(refusal(list)).toBe(
      `action group "Orders": paths./orders/{id}.get.requestBody.content.application/json.schema.type: a request body must be an object (Bedrock Agents passes its properties by name)`,
    );
  });

  it("resolves $ref within the document only, and refuses circular ones", () => {
    const external = schema((doc) => {
      (get(doc).parameters as Json[]).push({ $ref: "common.yaml#/components/parameters/Tenant" });
    });
    expect(refusal(external)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1]: $ref "common.yaml#/components/parameters/Tenant" points outside the document; Bedrock Agents resolves $ref within the schema only`,
    );
    const missing = schema((doc) => {
      (get(doc).parameters as Json[]).push({ $ref: "#/components/parameters/Nope" });
    });
    expect(refusal(missing)).toBe(
      `action group "Orders": paths./orders/{id}.get.parameters[1]: $ref "#/components/parameters/Nope" points to nothing in the document`,
    );
    const circular = schema((doc) => {
      doc.components = {
        schemas: { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } } },
      };
      get(doc).requestBody = {
        content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } },
      };
    });
    expect(refusal(circular)).toBe(
      `action group "Orders": paths./orders/{id}.get.requestBody.content.application/json.schema.properties.child: $ref "#/components/schemas/Node" refers to itself (a circular schema)`,
    );
  });

  it("refuses path templates and path parameters that do not match, and a bad x-requireConfirmation", () => {
    const unmatched = schema((doc) => {
      doc.paths["/orders/{id}/lines/{line}"] = { get: { ...get(doc), operationId: "getLine" } };
    });
    expect(refusal(unmatched)).toBe(
      `action group "Orders": paths./orders/{id}/lines/{line}.get: path template {line} has no path parameter "line"`,
    );
    expect(refusal(schema((doc) => (get(doc)["x-requireConfirmation"] = true)))).toBe(
      `action group "Orders": paths./orders/{id}.get.x-requireConfirmation: must be ENABLED or DISABLED`,
    );
  });

  it("keeps a body property named like a parameter apart as body_<name>, and sends it by its own name", () => {
    const doc = schema((doc) => {
      get(doc).requestBody = {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["id"],
              properties: { id: { type: "string", description: "The new id" }, note: { type: "string" } },
            },
          },
        },
      };
    });
    const [tool] = actionGroupTools({
      actionGroupName: "Orders",
      actionGroupExecutor: { customControl: "RETURN_CONTROL" },
      apiSchema: { payload: JSON.stringify(doc) },
    });
    expect(Object.keys((tool?.jsonSchema.properties ?? {}) as object)).toEqual(["id", "body_id", "note"]);
    expect(tool?.jsonSchema.required).toEqual(["id", "body_id"]);
    expect(invocationFor(tool as Tool, { id: "A-1", body_id: "A-2" })).toEqual({
      kind: "api",
      actionGroup: "Orders",
      apiPath: "/orders/{id}",
      httpMethod: "get",
      parameters: [{ name: "id", type: "string", value: "A-1" }],
      requestBody: {
        content: { "application/json": { properties: [{ name: "id", type: "string", value: "A-2" }] } },
      },
      locations: { id: "path" },
    });
  });

  it("names tools as Bedrock Agents does, the verb in lower case whatever case it is given in", () => {
    expect(actionGroupToolName("ClaimManagement", { httpMethod: "GET", operationId: "getClaim" })).toBe(
      "get__ClaimManagement__getClaim",
    );
    expect(actionGroupToolName("PolicyLookup", { function: "getPolicy" })).toBe("PolicyLookup__getPolicy");
  });

  it("refuses a tool name over Bedrock's 64 characters, naming the operation", () => {
    const long = schema((doc) => (get(doc).operationId = "getOrderWithEveryLineItemAndShipmentDetails"));
    const group = {
      actionGroupName: "OrderManagementForRetailStores",
      actionGroupExecutor: { customControl: "RETURN_CONTROL" },
      apiSchema: { payload: JSON.stringify(long) },
    };
    expect(() => actionGroupTools(group)).toThrow(
      new ActionGroupError("OrderManagementForRetailStores", [
        {
          path: "paths./orders/{id}.get",
          reason:
            "tool name \"get__OrderManagementForRetailStores__getOrderWithEveryLineItemAndShipmentDetails\" has 80 characters; Bedrock's tool names have at most 64 (shorten the action group's name or the operationId)",
        },
      ]),
    );
  });
});

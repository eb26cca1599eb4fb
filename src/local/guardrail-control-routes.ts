import { z } from "zod";
import { guardrailOutputFromConfig } from "../guardrails/get-guardrail-output.ts";
import type { LocalGuardrail } from "../guardrails/local-guardrail.ts";
import type { GuardrailRegistry } from "../guardrails/registry.ts";
import { BedrockError, decodePathParam, validation } from "./bedrock-errors.ts";
import { modelNumber, modelString, parseRequest } from "./coral-validation.ts";
import type { Route, RouteContext } from "./route.ts";
import { sendJson } from "./send-json.ts";

/** The `bedrock` service model's GuardrailIdentifier and GuardrailVersion (control plane). */
const IDENTIFIER = "(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))";
const VERSION = "(([1-9][0-9]{0,7})|(DRAFT))";

const GetGuardrailInputSchema = z.object({
  guardrailIdentifier: modelString({ min: 0, max: 2048, pattern: IDENTIFIER }),
  guardrailVersion: modelString({ pattern: VERSION }).optional(),
});

const ListGuardrailsInputSchema = z.object({
  guardrailIdentifier: modelString({ min: 0, max: 2048, pattern: IDENTIFIER }).optional(),
  maxResults: modelNumber({ min: 1, max: 1000, integer: true }).optional(),
  nextToken: modelString({ min: 1, max: 2048, pattern: "\\S*" }).optional(),
});

/** Options of {@link guardrailControlRoutes}. */
export interface GuardrailControlOptions {
  /** The region and account in the ARNs (default us-east-1 and 123456789012). */
  region?: string;
  accountId?: string;
  /** `createdAt`/`updatedAt` of every guardrail (default: when the routes were made, i.e. server start). */
  createdAt?: Date;
}

/** Query-string members as the service model types them (`maxResults` is an integer). */
function query(context: RouteContext): Record<string, unknown> {
  const params = new URL(context.req.url ?? "/", "http://local").searchParams;
  return Object.fromEntries(
    [...params].map(([key, value]) => [
      key,
      key === "maxResults" && /^-?\d+$/.test(value) ? Number(value) : value,
    ]),
  );
}

const notFound = (id: string, version?: string) =>
  new BedrockError(
    "ResourceNotFoundException",
    `Failed to retrieve resource because it doesn't exist. Guardrail ${id}${version ? ` version ${version}` : ""} not found (the local Bedrock serves the guardrails it registered: glassbox local --guardrail <file>).`,
  );

/** Numbered versions in order, DRAFT first (as ListGuardrails lists them). */
const byVersion = (a: LocalGuardrail, b: LocalGuardrail) =>
  a.version === "DRAFT" ? -1 : b.version === "DRAFT" ? 1 : Number(a.version) - Number(b.version);

/**
 * The control-plane `GetGuardrail` (`GET /guardrails/{guardrailIdentifier}?guardrailVersion=`) and
 * `ListGuardrails` (`GET /guardrails`) over the local Bedrock's guardrail registry, in the `bedrock`
 * service model's output shapes (the config mapped back by `guardrailOutputFromConfig`, status READY).
 * Ids and versions outside the service model's patterns are 400 ValidationException; an unknown
 * guardrail or version is 404 ResourceNotFoundException. Without `guardrailVersion`, GetGuardrail reads
 * DRAFT, as Bedrock does. ListGuardrails without an identifier lists one entry per guardrail (its DRAFT,
 * or its latest version when only numbered versions are registered); with one, every registered version.
 */
export function guardrailControlRoutes(
  registry: GuardrailRegistry,
  options: GuardrailControlOptions = {},
): Route[] {
  const region = options.region ?? "us-east-1";
  const accountId = options.accountId ?? "123456789012";
  const createdAt = options.createdAt ?? new Date();
  const arnOf = (id: string) => `arn:aws:bedrock:${region}:${accountId}:guardrail/${id}`;
  const resource = (guardrail: LocalGuardrail) => ({
    guardrailId: guardrail.id,
    guardrailArn: arnOf(guardrail.id),
    version: guardrail.version,
    createdAt,
    updatedAt: createdAt,
  });
  const versionsOf = (identifier: string): LocalGuardrail[] =>
    registry
      .list()
      .filter((entry) => entry.id === registry.idOf(identifier))
      .flatMap((entry) => registry.resolve(entry.id, entry.version) ?? [])
      .sort(byVersion);
  const summary = (guardrail: LocalGuardrail) => {
    const output = guardrailOutputFromConfig(guardrail.config, resource(guardrail));
    return {
      id: output.guardrailId,
      arn: output.guardrailArn,
      status: output.status,
      name: output.name,
      ...(output.description ? { description: output.description } : {}),
      version: output.version,
      createdAt: output.createdAt,
      updatedAt: output.updatedAt,
      ...(output.crossRegionDetails ? { crossRegionDetails: output.crossRegionDetails } : {}),
    };
  };
  return [
    {
      method: "GET",
      pattern: /^\/guardrails\/([^/]+)$/,
      operation: "GetGuardrail",
      async handle(context) {
        const input = parseRequest(GetGuardrailInputSchema, {
          ...query(context),
          guardrailIdentifier: decodePathParam(context.params[0], "guardrail identifier"),
        });
        const version = input.guardrailVersion ?? "DRAFT";
        const guardrail = registry.resolve(input.guardrailIdentifier, version);
        if (!guardrail) throw notFound(registry.idOf(input.guardrailIdentifier), version);
        sendJson(
          context.res,
          guardrailOutputFromConfig(guardrail.config, resource(guardrail)),
          context.requestId,
        );
      },
    },
    {
      method: "GET",
      pattern: /^\/guardrails\/?$/,
      operation: "ListGuardrails",
      async handle(context) {
        const input = parseRequest(ListGuardrailsInputSchema, query(context));
        let guardrails: LocalGuardrail[];
        if (input.guardrailIdentifier !== undefined) {
          guardrails = versionsOf(input.guardrailIdentifier);
          if (!guardrails.length) throw notFound(registry.idOf(input.guardrailIdentifier));
        } else {
          const ids = [...new Set(registry.list().map((entry) => entry.id))].sort();
          guardrails = ids.flatMap((id) => {
            const versions = versionsOf(id);
            return versions.find((g) => g.version === "DRAFT") ?? versions.at(-1) ?? [];
          });
        }
        const start = input.nextToken === undefined ? 0 : Number(input.nextToken);
        if (!Number.isInteger(start) || start < 0 || start > guardrails.length)
          throw validation("The pagination token is not valid: use the nextToken of the previous response.");
        const end = start + (input.maxResults ?? 1000);
        sendJson(
          context.res,
          {
            guardrails: guardrails.slice(start, end).map(summary),
            ...(end < guardrails.length ? { nextToken: String(end) } : {}),
          },
          context.requestId,
        );
      },
    },
  ];
}

import { SERVICE_OPERATIONS } from "./service-operations.ts";

/** A Bedrock service the local endpoint can receive calls for. */
export type BedrockService = keyof typeof SERVICE_OPERATIONS;

/** Which service and operation a request is, by its method and path. */
export interface RequestKind {
  service: BedrockService | "unknown";
  operation: string;
}

interface Pattern {
  service: BedrockService;
  method: string;
  operation: string;
  regex: RegExp;
  /** Literal characters in the URI: the most literal pattern wins (`/agents/` over `/agents/{id}`). */
  literal: number;
}

const PATTERNS: Pattern[] = Object.entries(SERVICE_OPERATIONS)
  .flatMap(([service, operations]) =>
    operations.map((line) => {
      const [method = "", uri = "", operation = ""] = line.split(" ");
      const source = uri
        .split(/(\{[^}]+\})/)
        .map((part) =>
          part.startsWith("{")
            ? part.endsWith("+}")
              ? ".+"
              : "[^/]+"
            : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
        )
        .join("");
      return {
        service: service as BedrockService,
        method,
        operation,
        regex: new RegExp(`^${source}$`),
        literal: uri.replace(/\{[^}]+\}/g, "").length,
      };
    }),
  )
  .sort((a, b) => b.literal - a.literal);

/**
 * The service and operation of a request from its method and path (without the query), as the service
 * models define them; `unknown` for a path none of them has.
 *
 * @example
 * classifyRequest("POST", "/knowledgebases/KB12345678/retrieve"); // { service: "bedrock-agent-runtime", operation: "Retrieve" }
 */
export function classifyRequest(method: string, path: string): RequestKind {
  const match = PATTERNS.find((pattern) => pattern.method === method && pattern.regex.test(path));
  return match
    ? { service: match.service, operation: match.operation }
    : { service: "unknown", operation: "Unknown" };
}

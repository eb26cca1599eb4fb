import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { AgentDefinition } from "../bedrock-agents/agent-definition.ts";
import { GuardrailRegistry } from "../guardrails/registry.ts";
import { readBody } from "../http/read-body.ts";
import { findModel } from "../model/catalog.ts";
import { parseModelId } from "../model/model-id.ts";
import { agentRoutes } from "./agent-routes.ts";
import { BedrockError, decodePathParam, sendError, validation } from "./bedrock-errors.ts";
import { validateConverseRequest } from "./converse-request.ts";
import { turnToConverseResponse, turnToStreamEvents } from "./converse-stream.ts";
import { countTokensRoute } from "./count-tokens-route.ts";
import { type DualRequest, type DualResponse, listenDual } from "./dual-listener.ts";
import { encodeEvent, encodeException } from "./event-stream.ts";
import { decideFaults, type FaultConfig, FaultConfigSchema, seededRandom } from "./faults.ts";
import { checkFeatures } from "./feature-rules.ts";
import { finishTurn } from "./finish-turn.ts";
import { guardrailControlRoutes } from "./guardrail-control-routes.ts";
import { applyGuardrailRoute, guardConverse } from "./guardrail-routes.ts";
import { measureInput } from "./input-tokens.ts";
import {
  fileKnowledgeBases,
  type KnowledgeBaseResolver,
  knowledgeBaseRoutes,
} from "./knowledge-base-routes.ts";
import { type LocalLambdaFunction, lambdaRoutes } from "./lambda-routes.ts";
import { type LocalModelOverrides, localCapabilities } from "./model-capabilities.ts";
import type { LocalModel, ModelTurn } from "./model-contract.ts";
import { checkInferenceConfig, checkModelAccess, checkToolChoice, INVALID_MODEL } from "./model-rules.ts";
import { createPromptCache } from "./prompt-cache.ts";
import { createRateLimit, type RateLimit, RateLimitSchema } from "./rate-limit.ts";
import { createReasoningSigner } from "./reasoning-signature.ts";
import { RequestLog } from "./request-log.ts";
import type { Route } from "./route.ts";
import { type ScriptStep, stepToTurn } from "./script.ts";
import { sendJson } from "./send-json.ts";

type Request = DualRequest;
type Response = DualResponse;

export interface LocalBedrockOptions {
  /** The model behind Converse and ConverseStream. */
  model: LocalModel;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Scripted responses, answered in order before the model is asked. */
  script?: ScriptStep[];
  faults?: FaultConfig;
  /** A requests-per-minute quota on Converse and ConverseStream, answered with ThrottlingException. */
  rateLimit?: RateLimit;
  log?: (line: string) => void;
  /** Guardrails served by ApplyGuardrail and applied to Converse `guardrailConfig` (id/version → config). */
  guardrails?: GuardrailRegistry;
  /**
   * The knowledge bases behind Retrieve / RetrieveAndGenerate, by 10-character id; default: the files in
   * `.glassbox/kb` (GLASSBOX_KB_DIR), each under the id `knowledgeBaseIdOf(name)`.
   */
  knowledgeBases?: KnowledgeBaseResolver;
  /** Readable names the knowledge-base operations accept in place of ids (`name → id`); none by default. */
  knowledgeBaseAliases?: Record<string, string>;
  /** Bedrock Agent definitions served by the `bedrock-agent` read operations (GetAgent, ListAgentActionGroups...). */
  agents?: readonly AgentDefinition[];
  /**
   * Models to treat differently from the catalogue, by id (a provisioned or custom model, a smaller
   * context window): their context window, caching, reasoning and feature support are enforced.
   */
  models?: LocalModelOverrides;
  /** The clock (milliseconds) of the prompt cache and RetrieveAndGenerate sessions, for tests of expiry. Default `Date.now`. */
  clock?: () => number;
  /** Lambda functions served by Lambda `Invoke` (name → handler or module path), e.g. action-group handlers. */
  lambdaFunctions?: Record<string, LocalLambdaFunction>;
}

/** A running local Bedrock. */
export interface LocalBedrock {
  url: string;
  port: number;
  requests: RequestLog;
  /** The guardrails it serves; register more at any time. */
  guardrails: GuardrailRegistry;
  setFaults(faults: FaultConfig): void;
  setScript(steps: ScriptStep[]): void;
  /** Sets (or with undefined, removes) the requests-per-minute quota. */
  setRateLimit(limit: RateLimit | undefined): void;
  /** Forgets every prompt-cache entry. */
  clearPromptCache(): void;
  addRoute(route: Route): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * Starts the local Bedrock: a real server on loopback that the unmodified AWS SDK talks to, over
 * HTTP/1.1 or cleartext HTTP/2 on the same port (the first bytes of a connection tell which).
 *
 * @example
 * ```ts
 * import { createAgent } from "glassbox";
 * import { createReactPolicy, startLocalBedrock } from "glassbox/local";
 *
 * const local = await startLocalBedrock({ model: createReactPolicy(), port: 0 });
 * const agent = createAgent({ model: { endpoint: local.url }, tools: [lookupOrder] });
 * console.log((await agent.invoke("Where is order A-1001?")).answer);
 * await local.close();
 * ```
 */
export async function startLocalBedrock(options: LocalBedrockOptions): Promise<LocalBedrock> {
  const requests = new RequestLog();
  let faults: FaultConfig = FaultConfigSchema.parse(options.faults ?? {});
  let random = seededRandom(faults.seed ?? 1);
  let script: ScriptStep[] | undefined = options.script;
  let scriptIndex = 0;
  let requestIndex = 0;
  let rateLimit = options.rateLimit ? createRateLimit(RateLimitSchema.parse(options.rateLimit)) : undefined;
  const guardrails = options.guardrails ?? new GuardrailRegistry();
  const capabilitiesFor = localCapabilities(options.models);
  const promptCache = createPromptCache(options.clock);
  const signer = createReasoningSigner();

  const nextTurn = (
    request: ReturnType<typeof validateConverseRequest>,
  ): { turn: ModelTurn; step?: ScriptStep } => {
    if (!script) return { turn: options.model(request) };
    const step = script[scriptIndex];
    if (!step) throw validation(`local script exhausted: ${scriptIndex} steps were consumed`);
    scriptIndex++;
    return { turn: stepToTurn(step, scriptIndex - 1), step };
  };

  const converse = (stream: boolean): Route => ({
    method: "POST",
    pattern: stream ? /^\/model\/([^/]+)\/converse-stream$/ : /^\/model\/([^/]+)\/converse$/,
    operation: stream ? "ConverseStream" : "Converse",
    async handle({ res, params, body, requestId, faults: decision }) {
      const modelId = decodePathParam(params[0], "model identifier");
      const info = parseModelId(modelId);
      if (!info || (!info.known && (info.kind === "foundation-model" || info.kind === "inference-profile"))) {
        throw validation(INVALID_MODEL);
      }
      const validated = validateConverseRequest(body, modelId);
      checkModelAccess(modelId);
      const capabilities = capabilitiesFor(modelId);
      checkInferenceConfig(modelId, validated.inferenceConfig, capabilities);
      checkToolChoice(validated.toolConfig, capabilities);
      const provider = findModel(info.baseModelId ?? modelId)?.provider;
      const features = checkFeatures(validated as never, modelId, capabilities, signer, provider);
      const measure = measureInput(info.baseModelId ?? modelId, validated as never);
      if (measure.total > capabilities.contextWindow)
        throw validation("Input is too long for requested model.");
      const request = features.outputSchema
        ? { ...validated, outputSchema: features.outputSchema }
        : validated;
      const started = performance.now();
      const guarded = guardConverse(guardrails, body, request, nextTurn);
      const { step, trace } = guarded;
      const scriptedUsage = step !== undefined && "usage" in step && step.usage !== undefined;
      const turn = finishTurn(guarded.turn, {
        features,
        bill: scriptedUsage
          ? promptCache.bill({ total: measure.total, points: [] }, undefined)
          : promptCache.bill(measure, capabilities.caching),
        totalInput: measure.total,
        capabilities,
        signer,
        scriptedUsage,
      });
      if (step && "latencyMs" in step && step.latencyMs) await sleep(step.latencyMs);
      const latencyMs = Math.round(performance.now() - started) + decision.latencyMs;
      if (!stream) {
        sendJson(res, { ...turnToConverseResponse(turn, latencyMs), ...(trace ? { trace } : {}) }, requestId);
        return;
      }
      const scripted = step && "midStreamError" in step ? step.midStreamError : undefined;
      const events = turnToStreamEvents(turn, latencyMs);
      if (trace) Object.assign(events.at(-1)?.payload ?? {}, { trace });
      const failAfter =
        scripted?.afterEvents ?? (decision.midStream ? Math.ceil(events.length / 2) : undefined);
      const exception = scripted?.type ?? decision.midStream ?? "modelStreamErrorException";
      res.writeHead(200, {
        "content-type": "application/vnd.amazon.eventstream",
        "x-amzn-requestid": requestId,
      });
      for (const [index, event] of events.entries()) {
        if (failAfter !== undefined && index === failAfter) {
          const message = "The model stream failed while generating the response. Retry your request.";
          res.end(
            encodeException(
              exception,
              exception === "modelStreamErrorException" ? { message, originalStatusCode: 500 } : { message },
            ),
          );
          return;
        }
        (res as ServerResponse).write(encodeEvent(event.type, event.payload));
        if (index % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    },
  });
  const routes: Route[] = [
    converse(false),
    converse(true),
    applyGuardrailRoute(guardrails),
    ...guardrailControlRoutes(guardrails),
    ...knowledgeBaseRoutes({
      resolve: options.knowledgeBases ?? fileKnowledgeBases(),
      guardrails,
      ...(options.knowledgeBaseAliases ? { aliases: options.knowledgeBaseAliases } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    countTokensRoute(capabilitiesFor),
    ...agentRoutes(options.agents ?? []),
    ...(options.lambdaFunctions ? lambdaRoutes(options.lambdaFunctions) : []),
  ];

  const handle = async (req: Request, res: Response) => {
    const requestId = randomUUID();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let status = 200;
    let entry: Parameters<RequestLog["add"]>[0] | undefined;
    try {
      const raw = await readBody(req, {
        limit: MAX_BODY_BYTES,
        tooLarge: () => validation(`The request body exceeds ${MAX_BODY_BYTES} bytes.`),
      });
      const route = routes.find(
        (candidate) => candidate.method === req.method && candidate.pattern.test(path),
      );
      if (!route)
        throw new BedrockError("UnknownOperationException", `No operation matches ${req.method} ${path}`);
      const params = (route.pattern.exec(path) ?? []).slice(1);
      let body: unknown = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          throw new BedrockError("SerializationException", "The request body is not valid JSON.");
        }
      }
      entry = {
        operation: route.operation,
        path,
        modelId: path.startsWith("/model/") ? safeDecode(params[0]) : undefined,
        body,
        headers: {
          "amz-sdk-request": header(req, "amz-sdk-request"),
          "x-amz-user-agent": header(req, "x-amz-user-agent"),
          "x-glassbox-faults": header(req, "x-glassbox-faults"),
        },
      };
      requests.add(entry);
      const decision = decideFaults({ ...faults, ...requestFaults(req) }, requestIndex++, random);
      if (decision.latencyMs) await sleep(decision.latencyMs);
      if (decision.error) throw decision.error;
      if (rateLimit && route.operation.startsWith("Converse")) rateLimit.take();
      await route.handle({ req, res, params, body, requestId, faults: decision });
      // A route may answer an error itself (Lambda Invoke answers in Lambda's shape, not Bedrock's).
      status = res.statusCode;
    } catch (error) {
      const bedrockError =
        error instanceof BedrockError
          ? error
          : new BedrockError("InternalServerException", (error as Error).message);
      status = bedrockError.status;
      if (!res.headersSent) sendError(res, bedrockError, requestId);
      else res.end();
    } finally {
      if (entry) entry.status = status;
      requests.answered(status);
      options.log?.(`${req.method} ${path} ${status}`);
    }
  };

  const listener = await listenDual((req, res) => void handle(req, res), {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
  });

  return {
    url: listener.url,
    port: listener.port,
    requests,
    guardrails,
    setFaults(next) {
      faults = FaultConfigSchema.parse(next);
      random = seededRandom(faults.seed ?? 1);
      requestIndex = 0;
    },
    setScript(steps) {
      script = steps;
      scriptIndex = 0;
    },
    setRateLimit(limit) {
      rateLimit = limit ? createRateLimit(RateLimitSchema.parse(limit)) : undefined;
    },
    clearPromptCache() {
      promptCache.clear();
    },
    addRoute(route) {
      routes.push(route);
    },
    close: () => listener.close(),
  };
}

/** A path parameter for the request log: decoded when it can be, as sent otherwise. */
function safeDecode(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? "");
  } catch {
    return value ?? "";
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** Faults asked for by one request in the `x-glassbox-faults` header. */
function requestFaults(req: Request): FaultConfig {
  const text = header(req, "x-glassbox-faults");
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw validation('x-glassbox-faults: expected a JSON object such as {"throttleRate":0.5}');
  }
  const parsed = FaultConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validation(`x-glassbox-faults.${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

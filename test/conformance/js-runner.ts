import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { type ConformanceCase, type Outcome, type Service, substitute } from "./case-format.ts";
import { SETUP_PATH } from "./conformance-server.ts";

/** The AWS SDK v3 package of each service. */
const PACKAGES: Record<Service, string> = {
  "bedrock-runtime": "@aws-sdk/client-bedrock-runtime",
  "bedrock-agent-runtime": "@aws-sdk/client-bedrock-agent-runtime",
  "bedrock-agent": "@aws-sdk/client-bedrock-agent",
  bedrock: "@aws-sdk/client-bedrock",
};
const CLIENTS: Record<Service, string> = {
  "bedrock-runtime": "BedrockRuntimeClient",
  "bedrock-agent-runtime": "BedrockAgentRuntimeClient",
  "bedrock-agent": "BedrockAgentClient",
  bedrock: "BedrockClient",
};

type Client = { send(command: unknown): Promise<Record<string, unknown>>; destroy(): void };
type Module = Record<string, unknown>;

type Headers = Record<string, string>;
const lowerCase = (headers: Record<string, unknown>): Headers =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));

/** The SDK's HTTP/1.1 handler, remembering the last response's headers (the SDK keeps them off its errors). */
class RecordingHandler extends NodeHttpHandler {
  lastHeaders: Headers = {};
  override async handle(...args: Parameters<NodeHttpHandler["handle"]>) {
    const result = await super.handle(...args);
    this.lastHeaders = lowerCase(result.response.headers);
    return result;
  }
}

/** The SDK's default HTTP/2 handler, remembering the last response's headers. */
class RecordingHttp2Handler extends NodeHttp2Handler {
  lastHeaders: Headers = {};
  override async handle(...args: Parameters<NodeHttp2Handler["handle"]>) {
    const result = await super.handle(...args);
    this.lastHeaders = lowerCase(result.response.headers);
    return result;
  }
}

/** The HTTP version the SDK clients use: HTTP/1.1 (`NodeHttpHandler`) or HTTP/2 (the clients' default). */
export type Transport = "http1" | "http2";

/** Blobs in a case's input ({"$base64"}) as bytes. */
export function decodeBlobs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBlobs);
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === "$base64")
      return new Uint8Array(Buffer.from(String(entries[0][1]), "base64"));
    return Object.fromEntries(entries.map(([key, child]) => [key, decodeBlobs(child)]));
  }
  return value;
}

/** A response as plain JSON: bytes as {"$base64"}, dates as ISO strings, `$metadata` dropped. */
function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString("base64") };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, child]) => key !== "$metadata" && child !== undefined)
        .map(([key, child]) => [key, toJson(child)]),
    );
  return value;
}

const isStream = (value: unknown): value is AsyncIterable<Record<string, unknown>> =>
  typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === "function";

/** Runs conformance cases through the AWS SDK v3 clients against one endpoint. */
export class JsRunner {
  readonly #modules = new Map<Service, Module | Error>();
  readonly #clients = new Map<Service, { client: Client; handler: { lastHeaders: Headers } }>();

  constructor(
    readonly endpoint: string,
    readonly placeholders: Record<string, string>,
    readonly transport: Transport = "http1",
    /** Another package for a service (the runner's own tests point one at a package that is not installed). */
    readonly packages: Partial<Record<Service, string>> = {},
  ) {}

  #package(service: Service): string {
    return this.packages[service] ?? PACKAGES[service];
  }

  async #module(service: Service): Promise<Module> {
    let module = this.#modules.get(service);
    if (!module) {
      try {
        module = (await import(this.#package(service))) as Module;
      } catch {
        module = new Error(
          `the case's service ${service} needs ${this.#package(service)}, which is not installed (add it to package.json)`,
        );
      }
      this.#modules.set(service, module);
    }
    if (module instanceof Error) throw module;
    return module;
  }

  async #client(service: Service, module: Module) {
    let entry = this.#clients.get(service);
    if (!entry) {
      const handler = this.transport === "http2" ? new RecordingHttp2Handler() : new RecordingHandler();
      const Constructor = module[CLIENTS[service]] as new (config: unknown) => Client;
      const client = new Constructor({
        region: "us-east-1",
        endpoint: this.endpoint,
        credentials: { accessKeyId: "conformance", secretAccessKey: "conformance" },
        maxAttempts: 1,
        requestHandler: handler,
      });
      entry = { client, handler };
      this.#clients.set(service, entry);
    }
    return entry;
  }

  /** Prepares the server for a case (its script and rate limit, or none). */
  async #setup(testCase: ConformanceCase): Promise<void> {
    const response = await fetch(`${this.endpoint}${SETUP_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(substitute(testCase.setup ?? {}, this.placeholders)),
    });
    if (response.status !== 204) throw new Error(`setup failed: ${response.status} ${await response.text()}`);
  }

  /** One case's outcome; problems running it (not the server's answers) are `runnerError`. */
  async run(testCase: ConformanceCase): Promise<Outcome> {
    const name = testCase.name;
    let module: Module;
    let input: unknown;
    let Command: (new (input: unknown) => unknown) | undefined;
    try {
      module = await this.#module(testCase.service);
      Command = module[`${testCase.operation}Command`] as typeof Command;
      if (!Command)
        throw new Error(
          `${this.#package(testCase.service)} has no ${testCase.operation}Command: not an operation of ${testCase.service}`,
        );
      input = decodeBlobs(substitute(testCase.input, this.placeholders));
      await this.#setup(testCase);
    } catch (error) {
      return { name, runnerError: (error as Error).message };
    }
    const { client, handler } = await this.#client(testCase.service, module);
    const faults = testCase.faults ? JSON.stringify(testCase.faults) : undefined;
    let outcome: Outcome = { name };
    for (let attempt = 0; attempt < (testCase.repeat ?? 1); attempt++) {
      const command = new Command(input) as {
        middlewareStack: { add(fn: unknown, options: unknown): void };
      };
      if (faults)
        command.middlewareStack.add(
          (next: (args: { request: { headers: Record<string, string> } }) => unknown) =>
            (args: { request: { headers: Record<string, string> } }) => {
              args.request.headers["x-glassbox-faults"] = faults;
              return next(args);
            },
          { step: "build", name: "conformanceFaults" },
        );
      outcome = await this.#send(name, client, handler, command);
    }
    return outcome;
  }

  async #send(
    name: string,
    client: Client,
    handler: { lastHeaders: Headers },
    command: unknown,
  ): Promise<Outcome> {
    handler.lastHeaders = {};
    try {
      const response = await client.send(command);
      const metadata = response.$metadata as { httpStatusCode?: number; requestId?: string };
      const outcome: Outcome = {
        name,
        ok: true,
        status: metadata.httpStatusCode ?? 0,
        headers: handler.lastHeaders,
        ...(metadata.requestId ? { requestId: metadata.requestId } : {}),
      };
      const output: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(response)) {
        if (key === "$metadata" || value === undefined) continue;
        if (!isStream(value)) {
          output[key] = toJson(value);
          continue;
        }
        const byType: Record<string, unknown[]> = {};
        const events: string[] = [];
        try {
          for await (const event of value) {
            for (const [type, payload] of Object.entries(event)) {
              if (payload === undefined) continue;
              events.push(type);
              byType[type] = [...(byType[type] ?? []), toJson(payload)];
            }
          }
        } catch (error) {
          outcome.streamError = { error: (error as Error).name, message: (error as Error).message };
        }
        output[key] = byType;
        outcome.events = events;
      }
      outcome.output = output;
      return outcome;
    } catch (error) {
      const failure = error as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
      if (failure.$metadata === undefined)
        return { name, runnerError: `${failure.name}: ${failure.message}` };
      return {
        name,
        ok: false,
        status: failure.$metadata.httpStatusCode ?? 0,
        error: failure.name,
        message: failure.message,
        headers: handler.lastHeaders,
        ...(failure.$metadata.requestId ? { requestId: failure.$metadata.requestId } : {}),
      };
    }
  }

  close(): void {
    for (const { client } of this.#clients.values()) client.destroy();
  }
}

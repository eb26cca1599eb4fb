import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify, stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../helpers/build.ts";
import { installProject, packedTarball } from "../helpers/package.ts";

const run = promisify(execFile);

/** No AWS credentials, region or profile, and a HOME without ~/.aws: a fresh machine offline. */
function offlineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(AWS_|OTEL_|VITEST|FORCE_COLOR)/.test(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    CI: "true",
  };
}

// One pack and one install for the file: `glassbox init` makes the project, whose node_modules then
// also serve the consumer checks in its consumer/ folder.
let project: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const tarball = await packedTarball();
  const root = mkdtempSync(join(tmpdir(), "glassbox-installed-"));
  project = join(root, "support-agent");
  env = offlineEnv(root);
  const init = await run(process.execPath, [BIN, "init", project, "--glassbox", `file:${tarball}`], { env });
  expect(init.stdout).toMatch(/created support-agent in .*: 12 files/);
  installProject(project);
  mkdirSync(join(project, "consumer"));
}, 300_000);

afterAll(() => {
  if (project) rmSync(join(project, ".."), { recursive: true, force: true });
}, 120_000);

/** Text without terminal colour codes. */
const plain = (text: string) => stripVTControlCharacters(text);

/** A strict NodeNext TypeScript project in `dir` that type-checks `file` against the installed package. */
function strictProject(dir: string, file: string) {
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2023", "ESNext.Disposable"],
        types: ["node"],
        strict: true,
        noEmit: true,
        // @langchain/aws's own declarations fail a full check; the expected errors of (b) show that
        // Glassbox's types resolved (an unresolved import would type them as any and fail them).
        skipLibCheck: true,
        verbatimModuleSyntax: true,
      },
      files: [file],
    }),
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
}

/** `tsc -p dir` with the project's TypeScript: its exit code and what it printed. */
function typeCheck(dir: string): Promise<{ code: number; output: string }> {
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  return run(process.execPath, [tsc, "-p", dir], { cwd: dir, env }).then(
    () => ({ code: 0, output: "" }),
    (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
  );
}

describe("glassbox init", () => {
  it("scaffolds a project whose own test command passes offline against the installed package", async () => {
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.dependencies.glassbox).toMatch(/^file:.*glassbox-\d+\.\d+\.\d+\.tgz$/);
    const readme = readFileSync(join(project, "README.md"), "utf8");
    expect(readme).toContain("npm start");
    expect(readme).toContain("npm test");
    const { stdout } = await run("npm", ["test"], { cwd: project, env });
    expect(plain(stdout)).toMatch(/Tests\s+3 passed/);
  }, 120_000);

  it("runs the scaffolded agent offline with npm start", async () => {
    const { stdout, stderr } = await run("npm", ["start", "--silent", "--", "Where is order A-1001?"], {
      cwd: project,
      env,
    });
    expect(stderr).toMatch(/no AWS credentials found: using the local Bedrock/);
    expect(stdout).toMatch(/action\s+› lookup_order\(\{"orderId":"A-1001"\}\)/);
    expect(stdout).toMatch(/answer\s+› .*shipped/);
  }, 120_000);

  it("runs the scaffolded evaluation suite (suite.ts, through the project's tsx) with the installed CLI", async () => {
    const { stdout } = await run("npm", ["run", "eval", "--silent", "--", "--local", "--json"], {
      cwd: project,
      env,
    });
    const summary = JSON.parse(stdout);
    expect(summary.suite).toBe("support");
    expect(summary.passed).toBe(true);
    expect(summary.counts).toMatchObject({ passed: 3, failed: 0, errors: 0 });
  }, 120_000);
});

describe("the installed package, used as a consumer would", () => {
  it("(a) a plain .mjs runs the README's From code example against a local Bedrock", async () => {
    // The README's "From code" example, pointed at a local Bedrock instead of us-east-1.
    // A recorded API Gateway HTTP API (payload 2.0) event, the one the Lambda handler's own test uses.
    writeFileSync(
      join(project, "consumer", "http-v2-event.json"),
      readFileSync(join(ROOT, "test", "lambda", "fixtures", "apigateway-http-v2.json")),
    );
    writeFileSync(
      join(project, "consumer", "from-code.mjs"),
      `import { readFileSync } from "node:fs";
import { z } from "zod";
import { createAgent, createLogger, defineTool, setupTelemetry } from "glassbox";
import { handler } from "glassbox/lambda";
import { createReactPolicy, startLocalBedrock } from "glassbox/local";
import { connectMcpServers, startAgentMcpHttpServer } from "glassbox/mcp";
import { SESSION_HEADER, serve } from "glassbox/serve";
import { recordSpans } from "glassbox/testing";

const lookupOrder = defineTool({
  name: "lookup_order",
  description: "Find an order by its id",
  input: z.object({ orderId: z.string().describe("order id such as A-1001") }),
  timeoutMs: 5_000,
  run: async ({ orderId }, { signal }) => ({ orderId, status: "shipped" }),
});
const local = await startLocalBedrock({ model: createReactPolicy() });
const spans = recordSpans();
const agent = createAgent({
  name: "support",
  model: {
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    endpoint: local.url,
    inferenceConfig: { maxTokens: 1024, temperature: 0 },
    requestMetadata: { team: "payments", costCenter: "cc-1234" },
    retry: { maxAttempts: 6 },
  },
  tools: [lookupOrder],
  systemPrompt: "You answer questions about orders.",
  limits: { maxSteps: 8, maxTokens: 50_000, toolTimeoutMs: 10_000 },
  telemetry: spans.telemetry,
});
const result = await agent.invoke("Where is order A-1001?", { threadId: "ticket-77" });
const kinds = [];
for await (const event of agent.stream("Where is order A-1001?")) kinds.push(event.type);

// glassbox/serve: the AgentCore Runtime contract on a free port, its access log through createLogger.
const logs = [];
const logger = createLogger({ name: "glassbox.serve", format: "json", write: (line) => logs.push(JSON.parse(line)) });
const server = await serve(agent, { port: 0, logger, telemetry: spans.telemetry });
const ping = await (await fetch(\`\${server.url}/ping\`)).json();
const session = "consumer-session-0123456789abcdef0123456789";
const invoked = await fetch(\`\${server.url}/invocations\`, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    [SESSION_HEADER]: session,
    "x-request-id": "consumer-req-1",
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  },
  body: JSON.stringify({ prompt: "Where is order A-1001?" }),
});
const invocation = { status: invoked.status, session: invoked.headers.get(SESSION_HEADER), body: await invoked.json() };
await server.close();
const access = logs.find((line) => line.msg === "request");

// glassbox/lambda: the recorded API Gateway v2 event.
const event = JSON.parse(readFileSync(new URL("./http-v2-event.json", import.meta.url), "utf8"));
const lambda = await handler(agent)(event, { awsRequestId: "lambda-req-1", getRemainingTimeInMillis: () => 60_000 });

// glassbox/mcp: the agent served over Streamable HTTP, listed by Glassbox's own MCP client.
const mcpServer = await startAgentMcpHttpServer(agent);
const toolset = await connectMcpServers({ support: { url: mcpServer.url } });
const mcpTools = toolset.tools().map((tool) => tool.name);
await toolset.close();
await mcpServer.close();

console.log(JSON.stringify({
  answer: result.answer, outcome: result.outcome, steps: result.steps.map((s) => s.kind), costUsd: result.costUsd,
  kinds, spans: spans.names(), telemetry: typeof setupTelemetry,
  ping, invocation, access,
  lambda: { statusCode: lambda.statusCode, headers: lambda.headers, body: JSON.parse(lambda.body) },
  mcpTools,
}));
await spans.shutdown();
await local.close();
`,
    );
    const { stdout } = await run(process.execPath, ["consumer/from-code.mjs"], { cwd: project, env });
    const out = JSON.parse(stdout);
    expect(out.outcome).toBe("answered");
    expect(out.answer).toMatch(/lookup_order returned .*"status":"shipped"/);
    expect(out.steps).toEqual(["thought", "action", "observation", "thought"]);
    expect(out.costUsd).toBeGreaterThan(0);
    expect(out.kinds.at(-1)).toBe("done");
    expect(out.kinds).toContain("observation");
    expect(out.spans).toEqual(expect.arrayContaining(["invoke_agent support", "execute_tool lookup_order"]));
    expect(out.telemetry).toBe("function");
    // glassbox/serve
    expect(out.ping.status).toBe("Healthy");
    expect(typeof out.ping.time_of_last_update).toBe("number");
    expect(out.invocation.status).toBe(200);
    expect(out.invocation.session).toBe("consumer-session-0123456789abcdef0123456789");
    expect(out.invocation.body).toMatchObject({ outcome: "answered", requestId: "consumer-req-1" });
    expect(out.invocation.body.answer).toMatch(/shipped/);
    expect(out.access).toMatchObject({
      logger: "glassbox.serve",
      requestId: "consumer-req-1",
      status: 200,
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
    expect(out.access.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof out.access.durationMs).toBe("number");
    // glassbox/lambda
    expect(out.lambda.statusCode).toBe(200);
    expect(out.lambda.headers["content-type"]).toBe("application/json");
    expect(out.lambda.headers["x-request-id"]).toBe("JKJaXmPLvHcESHA=");
    expect(out.lambda.body.outcome).toBe("answered");
    // glassbox/mcp
    expect(out.mcpTools).toEqual(["support"]);
  }, 60_000);

  it("(b) a strict NodeNext TypeScript project type-checks a file that uses every entry point", async () => {
    const dir = join(project, "consumer");
    strictProject(dir, "every-entry.ts");
    writeFileSync(
      join(dir, "every-entry.ts"),
      `import { type Agent, type AgentResult, createAgent, defineTool, GlassboxError, setupTelemetry, type Step } from "glassbox";
import { type ActionGroupExecutor, actionGroupTools, httpExecutor } from "glassbox/bedrock-agents";
import { agentTarget, defineSuite, type EvalRunOptions, runSuite } from "glassbox/evals";
import { guardrailCheckpoints, LocalGuardrail, parseGuardrailConfig } from "glassbox/guardrails";
import { knowledgeBaseParts, type Retriever } from "glassbox/kb";
import { handler, type LambdaHttpResponse, streamingHandler } from "glassbox/lambda";
import { createReactPolicy, type LocalBedrock, startLocalBedrock } from "glassbox/local";
import { connectMcpServers, type McpToolset, startAgentMcpHttpServer } from "glassbox/mcp";
import { type InvocationResult, type RunningServer, serve } from "glassbox/serve";
import { parseTraceFile, type StudioServerOptions, type TraceSpan } from "glassbox/studio";
import { recordSpans, sampleKnowledgeBase, startTestBedrock, testModel, withFaults } from "glassbox/testing";
import { z } from "zod";

const tool = defineTool({
  name: "echo",
  description: "Echo a text",
  input: z.object({ text: z.string() }),
  run: ({ text }) => ({ echoed: text.toUpperCase() }),
});
const guardrail = new LocalGuardrail(parseGuardrailConfig({ name: "g", blockedInputMessaging: "no", blockedOutputsMessaging: "no" }));

export async function everything(): Promise<string> {
  const local: LocalBedrock = await startLocalBedrock({ model: createReactPolicy() });
  const server = await startTestBedrock({ script: [{ text: "hi" }] });
  const kb: Retriever = await sampleKnowledgeBase({ documents: [{ id: "a.md", text: "Alpha." }] });
  const agent: Agent = createAgent({
    model: testModel(server),
    tools: [tool],
    telemetry: setupTelemetry(),
    extensions: guardrailCheckpoints(guardrail),
  });
  const rag: Agent = createAgent({ model: testModel(local), ...knowledgeBaseParts({ retriever: kb }) });
  const result: AgentResult = await agent.invoke("hi");
  const steps: Step[] = result.steps;
  const suite = defineSuite({ name: "s", target: { name: "t", create: () => agentTarget(agent) }, evaluators: ["contains"] });
  const options: EvalRunOptions = { concurrency: 2 };
  void runSuite;
  void recordSpans;
  void withFaults;
  // @ts-expect-error: a tool's input is typed from its schema (this fails only if the types resolved)
  tool.run({ text: 1 }, undefined as never);
  // @ts-expect-error: an agent's name is a string
  const wrong: number = rag.name;
  // @ts-expect-error: suites need a target with create()
  defineSuite({ name: "x", target: { graph: "tool_agent" }, evaluators: ["contains"] });
  // @ts-expect-error: a guardrail checks INPUT or OUTPUT
  await guardrail.apply({ source: "SIDEWAYS", content: [] });
  // @ts-expect-error: fault rates are numbers
  await startTestBedrock({ faults: { throttleRate: "high" } });
  const served: RunningServer = await serve(agent, { port: 0, maxConcurrency: 4 });
  // @ts-expect-error: a port is a number
  await serve(agent, { port: "8080" });
  await served.drain(1_000);
  const lambda = await handler(agent)({ prompt: "hi" }, { awsRequestId: "r-1" });
  const answered: string = "statusCode" in lambda ? (lambda satisfies LambdaHttpResponse).body : (lambda satisfies InvocationResult).outcome;
  // @ts-expect-error: the handler serves an agent
  handler("tool_agent");
  void streamingHandler(agent);
  const echoGroup: ActionGroupExecutor = async (invocation) => ({ body: JSON.stringify(invocation.parameters) });
  const groupTools = actionGroupTools(
    { actionGroupName: "Echo", actionGroupExecutor: { customControl: "RETURN_CONTROL" }, functionSchema: { functions: [{ name: "echo", parameters: { text: { type: "string", required: true } } }] } },
    { executor: echoGroup },
  );
  void httpExecutor({ baseUrl: "http://127.0.0.1:1" });
  // @ts-expect-error: an executor answers an outcome with a body
  const badExecutor: ActionGroupExecutor = async () => ({ status: 200 });
  void badExecutor;
  void groupTools;
  const mcp: McpToolset = await connectMcpServers({ echo: { command: "node", args: ["echo-server.mjs"] } });
  const mcpServer = await startAgentMcpHttpServer(agent, { port: 0 });
  // @ts-expect-error: MCP servers are named configs, not URLs
  await connectMcpServers("http://127.0.0.1:1/mcp");
  await mcp.close();
  await mcpServer.close();
  const spans: TraceSpan[] = parseTraceFile("{}");
  // @ts-expect-error: Studio needs the thread store the graphs run on
  const studio: StudioServerOptions = { graphs: [] };
  void wrong;
  void answered;
  void spans;
  void studio;
  await local.close();
  await server.close();
  return \`\${suite.name} \${options.concurrency} \${steps.length} \${GlassboxError.isInstance(new Error()) ? "" : result.answer}\`;
}
`,
    );
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    // Every entry the installed package exports is imported by the file, and its .d.ts is what tsc read.
    const installed = JSON.parse(
      readFileSync(join(project, "node_modules", "glassbox", "package.json"), "utf8"),
    );
    const entries = Object.entries(installed.exports as Record<string, string | { types: string }>).filter(
      ([key]) => key !== "./package.json",
    );
    const source = readFileSync(join(dir, "every-entry.ts"), "utf8");
    const imported = [...source.matchAll(/from "(glassbox(?:\/[a-z-]+)?)"/g)].map((match) => match[1]);
    expect(new Set(imported)).toEqual(new Set(entries.map(([key]) => key.replace(/^\./, "glassbox"))));
    const listed = await run(process.execPath, [tsc, "-p", dir, "--listFilesOnly"], { cwd: dir, env });
    for (const [key, target] of entries) {
      expect(typeof target === "object" && target.types, key).toBeTruthy();
      const types = (target as { types: string }).types.replace(/^\.\//, "");
      expect(listed.stdout, key).toContain(`node_modules/glassbox/${types}`);
    }
    const checked = await typeCheck(dir);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  }, 120_000);

  it("(e) the installed bin imports a Bedrock Agent into a module that type-checks against the package", async () => {
    const bin = join(project, "node_modules", ".bin", "glassbox");
    const dir = join(project, "imported");
    const definition = join(ROOT, "graphs", "bedrock-agent-sample", "api");
    const imported = await run(bin, ["agents", "import", definition, "--out", dir, "--strict"], { env });
    expect(plain(imported.stdout)).toMatch(/Import report: LarkspurHrAssistant/);
    expect(readFileSync(join(dir, "agent.ts"), "utf8")).toMatch(/from "glassbox\/bedrock-agents"/);
    strictProject(dir, "agent.ts");
    const checked = await typeCheck(dir);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);
  }, 120_000);

  it("(c) the installed glassbox bin answers the quick-start question offline", async () => {
    const bin = join(project, "node_modules", ".bin", "glassbox");
    const { stdout, stderr } = await run(bin, ["run", "What is 17% of 2,340 plus 12?"], {
      cwd: project,
      env,
    });
    expect(stderr).toMatch(/no AWS credentials found: using the local Bedrock/);
    expect(stdout).toMatch(/action 1\s+› calculator\(\{"expression":"17% of 2,340 plus 12"\}\)/);
    expect(stdout).toMatch(/answer\s+› .*409\.8/);
    const rag = await run(bin, ["run", "--agent", "rag", "How many vacation days can I carry over?"], {
      cwd: project,
      env,
    });
    expect(rag.stdout).toMatch(/answer\s+› /);
    expect(rag.stdout).toMatch(/\[S\d\]|vacation/i);
  }, 120_000);

  it("(d) the installed glassbox studio serves its web UI (built into the package) with no build tools", async () => {
    const bin = join(project, "node_modules", ".bin", "glassbox");
    const child = spawn(bin, ["studio", "--local", "--no-langgraph", "--ui-port", "0"], {
      cwd: project,
      env,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const found = /UI +(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
          if (found) resolve(found);
        });
        child.once("exit", (code) => reject(new Error(`glassbox studio exited (${code}) before it served`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      const html = await page.text();
      const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`${url}/${script}`)).status).toBe(200);
      const graphs = (await (await fetch(`${url}/api/graphs`)).json()) as Array<{ id: string }>;
      expect(graphs.map((graph) => graph.id)).toEqual(
        expect.arrayContaining(["react_agent", "approval_agent"]),
      );
    } finally {
      child.kill("SIGTERM");
      await new Promise((done) => child.once("exit", done));
    }
  }, 120_000);
});

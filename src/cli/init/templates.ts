/** The versions a new project pins: Glassbox's own, and the tools it was built and tested with. */
export interface TemplateVersions {
  glassbox: string;
  zod: string;
  tsx: string;
  typescript: string;
  vitest: string;
  typesNode: string;
}

/** The files of a new project, by relative path. */
export function projectFiles(name: string, versions: TemplateVersions): Record<string, string> {
  return {
    "package.json": `${JSON.stringify(
      {
        name,
        version: "0.1.0",
        private: true,
        type: "module",
        scripts: {
          start: "tsx src/main.ts",
          test: "vitest run",
          eval: "glassbox eval support",
          typecheck: "tsc --noEmit",
        },
        dependencies: { glassbox: versions.glassbox, zod: versions.zod },
        devDependencies: {
          "@types/node": versions.typesNode,
          tsx: versions.tsx,
          typescript: versions.typescript,
          vitest: versions.vitest,
        },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023"],
          types: ["node"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
        },
        include: ["src", "test", "evals"],
      },
      null,
      2,
    )}\n`,
    ".gitignore": "node_modules/\n.glassbox/\n",
    "langgraph.json": `${JSON.stringify(
      { node_version: "20", graphs: { support: "./src/graph.ts:graph" }, env: {}, dependencies: ["."] },
      null,
      2,
    )}\n`,
    "src/tools/lookup-order.ts": `import { defineTool } from "glassbox";
import { z } from "zod";

/** A stand-in for your order system. */
const ORDERS: Record<string, { status: string; eta?: string }> = {
  "A-1001": { status: "shipped", eta: "2025-06-03" },
  "A-1002": { status: "processing" },
  "B-2002": { status: "delivered" },
};

/** Looks an order up by its id: the agent's one tool. */
export const lookupOrder = defineTool({
  name: "lookup_order",
  description: "Find an order by its id and tell its status and delivery date",
  input: z.object({
    orderId: z.enum(Object.keys(ORDERS) as [string, ...string[]]).describe("the order id, e.g. A-1001"),
  }),
  timeoutMs: 5_000,
  run: async ({ orderId }) => ({ orderId, ...ORDERS[orderId] }),
});
`,
    "src/agent.ts": `import { type AgentOptions, createAgent } from "glassbox";
import { lookupOrder } from "./tools/lookup-order.ts";

/** The support agent: answers questions about orders with the lookup_order tool. */
export function createSupportAgent(options: Omit<AgentOptions, "tools"> = {}) {
  return createAgent({
    name: "support",
    systemPrompt: "You answer questions about orders. Look the order up; never guess its status.",
    limits: { maxSteps: 6 },
    ...options,
    tools: [lookupOrder],
  });
}
`,
    "src/main.ts": `import { resolveConnection } from "glassbox";
import { createSupportAgent } from "./agent.ts";

// Amazon Bedrock when AWS credentials are found; otherwise (or with --local) a local Bedrock in this
// process, whose model is deterministic rules, not an LLM.
const args = process.argv.slice(2);
const connection = await resolveConnection({ local: args.includes("--local") });
if (connection.notice) console.error(connection.notice);
const question = args.filter((arg) => arg !== "--local").join(" ") || "Where is order A-1001?";
try {
  const agent = createSupportAgent({ model: connection.endpoint ? { endpoint: connection.endpoint } : {} });
  for await (const event of agent.stream(question)) {
    if (event.type === "action") console.log(\`action  › \${event.step.tool}(\${JSON.stringify(event.step.input)})\`);
    if (event.type === "done") console.log(\`answer  › \${event.result.answer}\\noutcome › \${event.result.outcome}\`);
  }
} finally {
  await connection.local?.close();
}
`,
    "src/graph.ts": `import { resolveConnection } from "glassbox";
import { createSupportAgent } from "./agent.ts";

// The graph LangGraph Studio and the dev server load (langgraph.json).
const connection = await resolveConnection({ local: process.env.GLASSBOX_LOCAL === "1" });
export const graph = createSupportAgent({
  model: connection.endpoint ? { endpoint: connection.endpoint } : {},
}).graph;
`,
    "test/agent.test.ts": `import { recordSpans, startTestBedrock, testModel } from "glassbox/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createSupportAgent } from "../src/agent.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function localBedrock(options: Parameters<typeof startTestBedrock>[0] = {}) {
  const server = await startTestBedrock(options);
  cleanup.push(() => server.close());
  return server;
}

describe("support agent, offline", () => {
  it("looks the order up and answers from the tool's result", async () => {
    const server = await localBedrock(); // the rule-based policy: picks the tool whose schema fits
    const agent = createSupportAgent({ model: testModel(server) });
    const result = await agent.invoke("Where is order A-1001?");
    expect(result.outcome).toBe("answered");
    expect(result.steps.filter((step) => step.kind === "action").map((step) => step.input)).toEqual([
      { orderId: "A-1001" },
    ]);
    expect(result.answer).toContain("shipped");
  });

  it("follows a script of model turns, and reports every step as a span", async () => {
    const server = await localBedrock({
      script: [
        { toolUse: [{ name: "lookup_order", input: { orderId: "B-2002" } }] },
        { text: "Order B-2002 was delivered." },
      ],
    });
    const spans = recordSpans();
    cleanup.push(() => spans.shutdown());
    const agent = createSupportAgent({ model: testModel(server), telemetry: spans.telemetry });
    const result = await agent.invoke("Has B-2002 arrived?");
    expect(result.answer).toBe("Order B-2002 was delivered.");
    expect(spans.names()).toContain("execute_tool lookup_order");
    expect(spans.names()).toContain("invoke_agent support");
  });

  it("survives throttling: the model call is retried", async () => {
    const server = await localBedrock({ faults: { failFirst: 2, failFirstType: "ThrottlingException" } });
    const agent = createSupportAgent({ model: testModel(server) });
    const result = await agent.invoke("Where is order A-1002?");
    expect(result.outcome).toBe("answered");
    expect(result.answer).toContain("processing");
  });
});
`,
    "evals/support/dataset.jsonl": `${[
      { id: "shipped", input: "Where is order A-1001?", expectedAnswer: "shipped" },
      { id: "processing", input: "What is the status of order A-1002?", expectedAnswer: "processing" },
      { id: "delivered", input: "Has order B-2002 been delivered?", expectedAnswer: "delivered" },
    ]
      .map((row) => JSON.stringify({ ...row, expectedTrajectory: [{ tool: "lookup_order" }] }))
      .join("\n")}\n`,
    "evals/support/suite.ts": `import { agentTarget, defineSuite } from "glassbox/evals";
import { createSupportAgent } from "../../src/agent.ts";

export default defineSuite({
  name: "support",
  description: "Support agent: looks orders up and answers with their status",
  target: {
    name: "support_agent",
    create: ({ client, model, telemetry }) => agentTarget(createSupportAgent({ client, model, telemetry })),
  },
  evaluators: [{ evaluator: "contains", key: "answer_contains" }, "tool_selection_accuracy", "latency"],
  thresholds: { passRate: 1 },
});
`,
    "README.md": `# ${name}

An agent on Amazon Bedrock built with [Glassbox](https://www.npmjs.com/package/glassbox): a ReAct loop you
own and can see, with one tool (\`src/tools/lookup-order.ts\`).

\`\`\`sh
npm start -- "Where is order A-1001?"   # runs the agent (offline on a local Bedrock without AWS credentials)
npm test                                # the agent's tests, offline, with glassbox/testing
\`\`\`

Without AWS credentials the local Bedrock answers: a deterministic rule-based model, not an LLM. With
credentials and a region (\`AWS_PROFILE\`, \`AWS_REGION\`) the same code calls Amazon Bedrock.

Also: \`npm run eval -- --local\` runs the evaluation suite in \`evals/support/\`, and
\`npx @langchain/langgraph-cli dev\` serves \`langgraph.json\` to LangGraph Studio.
`,
  };
}

import { defineConfig } from "vitest/config";

const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

/**
 * The files that exercise the agent loop on runs the direct executor takes (no checkpointer, no
 * breakpoints): they run a second time with every run on LangGraph's executor (GLASSBOX_EXECUTOR=graph), so
 * both executors pass the same tests. Left out: files whose runs take LangGraph's executor either way
 * (threads, chat, Studio, crash-resume), files that spawn processes, and the equivalence file, which runs
 * every executor itself (including the context managers of the long-thread test).
 */
const AGENT_TESTS = [
  "test/agent/**/*.test.ts",
  "test/graph/**/*.test.ts",
  "test/graphs/doc-qa.test.ts",
  "test/team/supervisor.test.ts",
  "test/team/handoff.test.ts",
  "test/output/structured-output.test.ts",
  "test/tools/generator-tool.test.ts",
  "test/model/reasoning.test.ts",
  "test/telemetry/agent-spans.test.ts",
  "test/telemetry/agentcore.test.ts",
  "test/guardrails/checkpoints.test.ts",
  "test/evals/runner.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Builds the Studio UI once per run when its sources changed (browser tests load the bundle).
    globalSetup: ["test/helpers/studio-ui-build.ts"],
    projects: [
      { extends: true, test: { name: "default", include: ["test/**/*.test.ts"], env } },
      {
        extends: true,
        test: {
          name: "langgraph-executor",
          include: AGENT_TESTS,
          exclude: ["test/graph/agent-runner.test.ts"],
          env: { ...env, GLASSBOX_EXECUTOR: "graph" },
        },
      },
    ],
  },
});

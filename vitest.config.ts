import { defineConfig } from "vitest/config";

const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

/**
 * The agent tests: they run a second time with every run on LangGraph's executor (GLASSBOX_EXECUTOR=graph),
 * so both executors pass the same suite. Threads and Studio always run on LangGraph (they persist).
 */
const AGENT_TESTS = [
  "test/agent/**/*.test.ts",
  "test/graph/**/*.test.ts",
  "test/graphs/**/*.test.ts",
  "test/telemetry/**/*.test.ts",
  "test/guardrails/checkpoints.test.ts",
  "test/evals/runner.test.ts",
  "test/evals/resume.test.ts",
  "test/cli/chat.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "default", include: ["test/**/*.test.ts"], env } },
      {
        extends: true,
        test: {
          name: "langgraph-executor",
          include: AGENT_TESTS,
          env: { ...env, GLASSBOX_EXECUTOR: "graph" },
        },
      },
    ],
  },
});

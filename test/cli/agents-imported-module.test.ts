import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSampleAgentBedrock } from "../../graphs/bedrock-agent-sample/offline.ts";
import type { LocalBedrock } from "../../src/local/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const SAMPLE = join(import.meta.dirname, "../../graphs/bedrock-agent-sample");
const QUESTION = "How many vacation days does employee E1001 have left?";

/** A managed run of the sample agent in InvokeAgent's stream shapes: one leave-API call, then the answer. */
function managedRun() {
  const trace = (inner: object) => ({
    trace: { agentId: "LARKSPUR01", agentAliasId: "TSTALIASID", sessionId: "s-1", trace: inner },
  });
  return {
    inputText: QUESTION,
    sessionId: "s-1",
    events: [
      trace({
        orchestrationTrace: {
          invocationInput: {
            invocationType: "ACTION_GROUP",
            actionGroupInvocationInput: {
              actionGroupName: "LeaveApi",
              apiPath: "/employees/{employeeId}/leave-balance",
              verb: "get",
              parameters: [{ name: "employeeId", type: "string", value: "E1001" }],
            },
          },
        },
      }),
      trace({
        orchestrationTrace: {
          observation: { type: "ACTION_GROUP", actionGroupInvocationOutput: { text: '{"days":12}' } },
        },
      }),
      { chunk: { bytes: Buffer.from("E1001 has 12 vacation days left.").toString("base64") } },
    ],
  };
}

const servers: LocalBedrock[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("an imported agent module with the CLI's connection", () => {
  it("agents compare runs the generated factory against the given endpoint (as serve loads it)", async () => {
    const server = await startSampleAgentBedrock();
    servers.push(server);
    const recording = join(tempDir(), "managed.json");
    writeFileSync(recording, JSON.stringify(managedRun()));
    const run = await runCli([
      "agents",
      "compare",
      recording,
      "--agent",
      `${join(SAMPLE, "agent.ts")}:createLarkspurHrAssistant`,
      "--endpoint",
      server.url,
      "--openapi",
      `LeaveApi=${join(SAMPLE, "action-groups/LeaveApi.openapi.json")}`,
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const comparison = JSON.parse(run.stdout) as {
      calls: Array<{ status: string; managed?: { tool: string }; glassbox?: { tool: string } }>;
    };
    expect(comparison.calls[0]?.managed?.tool).toBe("get__LeaveApi__getLeaveBalance");
    expect(comparison.calls[0]?.glassbox?.tool).toBe("get__LeaveApi__getLeaveBalance");
    // The factory used the endpoint it was handed: the sample's Lambda function ran on this server.
    expect(server.requests.all("Invoke").map((request) => request.path)).toEqual([
      expect.stringContaining("larkspur-leave-api"),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent, defineTool, setupTelemetry } from "../../src/index.ts";
import { FEATURE_EVENT } from "../../src/telemetry/model-feature-spans.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const download = defineTool({
  name: "download_report",
  description: "Download a report by its name and count its pages",
  input: z.object({ name: z.string().describe("the report name") }),
  async *run({ name }) {
    yield "connecting";
    for (let page = 1; page <= 3; page++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      yield { page, of: 3 };
    }
    return { name, pages: 3 };
  },
});

describe("generator tools (real SDK, local Bedrock)", () => {
  it("streams each yield as a tool_progress event, in order, before the observation; the return value is the result", async () => {
    const server = await localBedrock();
    const telemetry = setupTelemetry({ exporters: [{ type: "memory" }], captureContent: true });
    const agent = createAgent({ model: localModel(server), tools: [download], telemetry });
    const events = [];
    for await (const event of agent.stream("Download the report named q3-sales")) events.push(event);
    const progress = events.flatMap((event) => (event.type === "tool_progress" ? [event] : []));
    expect(progress.map((event) => event.progress)).toEqual([
      "connecting",
      { page: 1, of: 3 },
      { page: 2, of: 3 },
      { page: 3, of: 3 },
    ]);
    expect(progress.map((event) => event.index)).toEqual([0, 1, 2, 3]);
    const kinds = events.map((event) => event.type);
    expect(kinds.indexOf("action")).toBeLessThan(kinds.indexOf("tool_progress"));
    expect(kinds.lastIndexOf("tool_progress")).toBeLessThan(kinds.indexOf("observation"));
    const observation = events.find((event) => event.type === "observation");
    expect(observation?.type === "observation" && JSON.parse(observation.step.content)).toMatchObject({
      pages: 3,
    });
    const span = telemetry.memory?.getFinishedSpans().find((s) => s.name === "execute_tool download_report");
    const progressEvents = span?.events.filter((event) => event.name === FEATURE_EVENT.toolProgress) ?? [];
    expect(progressEvents.map((event) => event.attributes?.["glassbox.tool.progress"])).toEqual([0, 1, 2, 3]);
    expect(progressEvents[1]?.attributes?.["gen_ai.tool.call.result"]).toBe('{"page":1,"of":3}');
    await telemetry.shutdown();
  });

  it("stops a generator tool at its timeout, as any tool", async () => {
    const server = await localBedrock();
    const endless = defineTool({
      name: "watch_queue",
      description: "Watch the queue named by the user",
      input: z.object({ name: z.string() }),
      timeoutMs: 50,
      async *run() {
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          yield "still waiting";
        }
      },
    });
    const agent = createAgent({ model: localModel(server, { streaming: false }), tools: [endless] });
    const result = await agent.invoke("Watch the queue named billing");
    const observation = result.steps.find((step) => step.kind === "observation");
    expect(observation?.kind === "observation" && observation.status).toBe("error");
    expect(observation?.kind === "observation" && observation.content).toMatch(/timed out after 50 ms/);
  });
});

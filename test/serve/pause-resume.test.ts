import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineClientTool, withApproval } from "../../src/index.ts";
import { gatedTool, invoke, jsonOf, servedAgent, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";

describe("human in the loop over two invocations", () => {
  it("surfaces the paused approval in the response and resumes it with the decisions", async () => {
    const pay = gatedTool("pay");
    const { url } = await servedAgent({
      script: [
        { toolUse: [{ name: "pay", input: { value: 30 }, toolUseId: "tooluse_pay" }] },
        { text: "Paid 30." },
      ],
      agent: { tools: [withApproval(pay.tool)] },
    });
    const headers = { [SESSION]: sessionId() };
    const first = await invoke(url, { prompt: "pay 30" }, headers);
    expect(first.status).toBe(200);
    const paused = await jsonOf(first);
    expect(paused.outcome).toBe("interrupted");
    expect(paused.paused.calls).toEqual([
      {
        id: "tooluse_pay",
        name: "pay",
        args: { value: 30 },
        reason: "approval",
        description: "The pay tool",
      },
    ]);
    expect(pay.calls).toEqual([]);

    const another = await invoke(url, { prompt: "something else" }, headers);
    expect(another.status).toBe(409);
    const conflict = await jsonOf(another);
    expect(conflict.reason).toBe("ThreadPaused");
    expect(conflict.paused.calls[0].id).toBe("tooluse_pay");

    const wrong = await invoke(
      url,
      { resume: { decisions: { tooluse_other: { type: "approve" } } } },
      headers,
    );
    expect(wrong.status).toBe(400);
    expect((await jsonOf(wrong)).fieldList[0].name).toBe("resume.decisions.tooluse_other");

    const resumed = await invoke(
      url,
      { resume: { decisions: { tooluse_pay: { type: "approve" } } } },
      headers,
    );
    const done = await jsonOf(resumed);
    expect(done).toMatchObject({ outcome: "answered", answer: "Paid 30." });
    expect(pay.calls).toEqual(["tooluse_pay"]);

    const again = await invoke(url, { resume: { decisions: { tooluse_pay: { type: "approve" } } } }, headers);
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).reason).toBe("ThreadNotPaused");
  });

  it("returns control for a client-run tool and takes its result in the next invocation", async () => {
    const lookup = defineClientTool({
      name: "lookup_account",
      description: "Look up an account in the caller's system",
      input: z.object({ id: z.string() }),
    });
    const { url, local } = await servedAgent({
      script: [
        { toolUse: [{ name: "lookup_account", input: { id: "A-1" }, toolUseId: "tooluse_lookup" }] },
        { text: "Account A-1 is open." },
      ],
      agent: { tools: [lookup] },
    });
    const headers = { [SESSION]: sessionId() };
    const paused = await jsonOf(await invoke(url, { prompt: "Is A-1 open?" }, headers));
    expect(paused.paused.calls[0]).toMatchObject({
      id: "tooluse_lookup",
      reason: "client",
      args: { id: "A-1" },
    });
    const result = { type: "result", content: { status: "open" } };
    const done = await jsonOf(
      await invoke(url, { resume: { decisions: { tooluse_lookup: result } } }, headers),
    );
    expect(done.answer).toBe("Account A-1 is open.");
    const last = local.requests.all("ConverseStream").at(-1)?.body as {
      messages: Array<{ content: unknown[] }>;
    };
    expect(JSON.stringify(last.messages.at(-1))).toContain('\\"status\\":\\"open\\"');
  });

  it("resume and continue need an agent that keeps threads", async () => {
    const { url } = await servedAgent({ script: [{ text: "ok" }], agent: { checkpointer: undefined } });
    const response = await invoke(url, { continue: true }, { [SESSION]: sessionId() });
    expect(response.status).toBe(400);
    expect((await jsonOf(response)).fieldList[0].name).toBe("continue");
  });
});

import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAgent } from "../../src/agent/index.ts";
import { actionGroupTools, httpExecutor } from "../../src/bedrock-agents/index.ts";
import type { Step } from "../../src/graph/state.ts";
import { localBedrock, localModel } from "../helpers/local-bedrock.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"));

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

/** A claims service on loopback that records each request and answers with `reply`. */
async function claimsService(
  reply: (request: Received) => { status: number; body: string; delayMs?: number },
) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers, body };
      received.push(entry);
      const answer = reply(entry);
      const send = () => {
        response.writeHead(answer.status, { "content-type": "application/json" });
        response.end(answer.body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { received, baseUrl: `http://127.0.0.1:${port}/api/v1` };
}

const observation = (steps: Step[]) => steps.find((step) => step.kind === "observation");

describe("httpExecutor", () => {
  it("sends an agent's call to the service: path parameter encoded, query parameters, the model reads the body", async () => {
    const service = await claimsService(() => ({
      status: 200,
      body: '{"pendingDocuments":["police report"]}',
    }));
    const tools = actionGroupTools(fixture("claims-action-group.json"), {
      executor: httpExecutor({ baseUrl: service.baseUrl, headers: { "x-api-key": "k-123" } }),
    });
    const agent = createAgent({ model: localModel(await localBedrock()), tools });
    const result = await agent.invoke("What outstanding paperwork does claim CLM-1042 need?");
    const action = result.steps.find((step) => step.kind === "action");
    const claimId = (action?.input as { claimId: string } | undefined)?.claimId ?? "";
    expect(claimId).toContain(" ");
    expect(service.received).toHaveLength(1);
    expect(service.received[0]).toMatchObject({
      method: "GET",
      url: `/api/v1/claims/${encodeURIComponent(claimId)}/outstanding-paperwork`,
      body: "",
    });
    expect(service.received[0]?.headers).toMatchObject({ "x-api-key": "k-123", accept: "application/json" });
    expect(result.answer).toContain("police report");

    const listed = await agent.invoke("List 5 open claims");
    expect(listed.outcome).toBe("answered");
    expect(service.received[1]).toMatchObject({ method: "GET", url: "/api/v1/claims?limit=5" });
  });

  it("sends header parameters as headers and the request body as JSON of the declared types", async () => {
    const service = await claimsService(() => ({ status: 200, body: '{"sendReminderTrackingId":"RMD-9"}' }));
    const tools = actionGroupTools(fixture("claims-action-group.json"), {
      executor: httpExecutor({ baseUrl: service.baseUrl }),
    });
    const agent = createAgent({ model: localModel(await localBedrock()), tools });
    const paused = await agent.invoke("Send a reminder about claim CLM-1042", { threadId: "http-remind" });
    const id = paused.paused?.calls[0]?.id ?? "";
    const args = {
      claimId: "CLM 1042/B",
      "x-tenant-id": "acme-insurance",
      documents: ["police report"],
      urgent: false,
      daysToRespond: 7,
    };
    const done = await agent.invoke(
      { resume: { decisions: { [id]: { type: "edit", args } } } },
      { threadId: "http-remind" },
    );
    expect(service.received).toHaveLength(1);
    const [request] = service.received;
    expect(request).toMatchObject({ method: "POST", url: "/api/v1/claims/CLM%201042%2FB/reminders" });
    expect(request?.headers).toMatchObject({
      "x-tenant-id": "acme-insurance",
      "content-type": "application/json",
    });
    expect(JSON.parse(request?.body ?? "")).toEqual({
      documents: ["police report"],
      urgent: false,
      daysToRespond: 7,
    });
    expect(done.answer).toContain("RMD-9");
  });

  it("turns an HTTP error into an error observation the model reads; the run goes on", async () => {
    const service = await claimsService(() => ({ status: 404, body: '{"message":"no claim CLM-404"}' }));
    const server = await localBedrock();
    const tools = actionGroupTools(fixture("claims-action-group.json"), {
      executor: httpExecutor({ baseUrl: service.baseUrl }),
    });
    const result = await createAgent({ model: localModel(server), tools }).invoke(
      "What outstanding paperwork does claim CLM-404 need?",
    );
    expect(result.outcome).toBe("answered");
    expect(observation(result.steps)).toMatchObject({
      status: "error",
      content: 'HTTP 404: {"message":"no claim CLM-404"}',
    });
    expect(JSON.stringify(server.requests.all("ConverseStream").at(-1)?.body)).toContain("no claim CLM-404");
  });

  it("aborts a request that outlives the tool's timeout", async () => {
    const service = await claimsService(() => ({ status: 200, body: "{}", delayMs: 5_000 }));
    const tools = actionGroupTools(fixture("claims-action-group.json"), {
      executor: httpExecutor({ baseUrl: service.baseUrl }),
      timeoutMs: 100,
    });
    const started = Date.now();
    const result = await createAgent({ model: localModel(await localBedrock()), tools }).invoke(
      "List 5 open claims",
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.outcome).toBe("answered");
    expect(observation(result.steps)).toMatchObject({
      status: "error",
      content: expect.stringMatching(/100 ?ms/),
    });
  });

  it("refuses to run a function of a function-details group", async () => {
    const executor = httpExecutor({ baseUrl: "http://127.0.0.1:9" });
    await expect(
      executor(
        { kind: "function", actionGroup: "PolicyLookup", function: "getPolicy", parameters: [] },
        {
          sessionId: "s",
          inputText: "",
          agent: { name: "a", id: "A", alias: "TSTALIASID", version: "DRAFT" },
          sessionAttributes: {},
          promptSessionAttributes: {},
        },
        { toolCallId: "t", signal: new AbortController().signal },
      ),
    ).rejects.toThrow("httpExecutor runs OpenAPI operations; PolicyLookup.getPolicy is a function");
  });
});

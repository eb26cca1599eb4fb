import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { handler, streamingHandler } from "../../src/lambda/index.ts";
import {
  CLAIMS_LAMBDA,
  claimsAgent,
  lambdaSessionAttributes,
  systemPrompts,
} from "../helpers/claims-agent.ts";
import { localBedrock } from "../helpers/local-bedrock.ts";
import { type Json, parseSse, sessionId } from "../helpers/serve.ts";

const SESSION = "x-amzn-bedrock-agentcore-runtime-session-id";
const context = {
  awsRequestId: "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
  getRemainingTimeInMillis: () => 60_000,
};
const httpEvent = (session: string, payload: unknown, requestId: string): Json => {
  const event = JSON.parse(
    readFileSync(join(import.meta.dirname, "fixtures", "apigateway-http-v2.json"), "utf8"),
  );
  event.headers[SESSION] = session;
  event.requestContext.requestId = requestId;
  event.body = JSON.stringify(payload);
  return event;
};

/** What a streaming function writes: the prelude, eight NUL bytes, then the body. */
async function streamed(run: (stream: Writable) => Promise<void>) {
  const chunks: Buffer[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    { setContentType() {} },
  );
  const finished = new Promise<void>((resolve) => stream.on("finish", () => resolve()));
  await run(stream);
  await finished;
  const all = Buffer.concat(chunks);
  return all.subarray(all.indexOf(Buffer.alloc(8)) + 8).toString();
}

describe("sessionState through glassbox/lambda", () => {
  it("keeps session attributes across turns (handler, then streamingHandler) and returns them", async () => {
    const local = await localBedrock({
      lambdaFunctions: CLAIMS_LAMBDA,
      script: [
        { toolUse: [{ name: "get__ClaimManagement__getClaim", input: { claimId: "CLM-1051" } }] },
        { text: "Claim CLM-1051 is in review." },
        { toolUse: [{ name: "get__ClaimManagement__listOpenClaims", input: {} }] },
        { text: "You have two open claims." },
      ],
    });
    const agent = claimsAgent(local);
    const session = sessionId();
    const first = (await handler(agent)(
      httpEvent(
        session,
        {
          prompt: "What about claim CLM-1051?",
          sessionState: {
            sessionAttributes: { policyHolderId: "PH-310" },
            promptSessionAttributes: { tier: "gold" },
          },
        },
        "turn-1",
      ),
      context,
    )) as Json;
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body).sessionState).toEqual({
      sessionAttributes: { policyHolderId: "PH-310", lastClaimId: "CLM-1051", lookups: "1" },
      promptSessionAttributes: { tier: "gold", claimStatus: "IN_REVIEW" },
    });
    expect(systemPrompts(local)[0]).toContain("<tier>gold</tier>");

    const event = httpEvent(session, { prompt: "Which claims are open?" }, "turn-2");
    event.headers.accept = "text/event-stream";
    const body = await streamed(
      (stream) => streamingHandler(agent)(event, stream as never, context as never) as Promise<void>,
    );
    const done = parseSse(body).at(-1)?.data as Json;
    expect(done.result.answer).toBe("You have two open claims.");
    expect(lambdaSessionAttributes(local)[1]).toMatchObject({
      policyHolderId: "PH-310",
      lastClaimId: "CLM-1051",
    });
    expect(done.result.sessionState.sessionAttributes).toEqual({
      policyHolderId: "PH-310",
      lastClaimId: "CLM-1051",
      lookups: "1",
    });
  });

  it("a direct Invoke takes sessionState in its payload; a bad one is refused naming the field", async () => {
    const local = await localBedrock({ lambdaFunctions: CLAIMS_LAMBDA, script: [{ text: "Hello." }] });
    const lambda = handler(claimsAgent(local));
    const result = (await lambda(
      { prompt: "Hi", sessionId: sessionId(), sessionState: { sessionAttributes: { team: "claims" } } },
      context,
    )) as Json;
    expect(result.sessionState).toEqual({
      sessionAttributes: { team: "claims" },
      promptSessionAttributes: {},
    });
    const refused = (await lambda(
      httpEvent(sessionId(), { prompt: "Hi", sessionState: { sessionAttributes: ["team"] } }, "bad"),
      context,
    )) as Json;
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).fieldList[0].name).toBe("sessionState.sessionAttributes");
  });
});

/**
 * The HTTP app Studio's dev server mounts in front of its routes (`http.app`): every request must pass
 * the origin and Host guard. It reads its policy from the environment `startDevServer` sets, and mounts
 * the project's own `http.app` behind it when langgraph.json has one.
 */
import { Hono } from "hono";
import { checkRequest, guardedRequest, type OriginPolicy } from "../http/origin-guard.ts";
import { GUARD_ENV } from "./guard-env.ts";

const list = (value: string | undefined) => (value ? value.split(",").filter(Boolean) : []);

const policy: OriginPolicy = {
  hosts: list(process.env[GUARD_ENV.hosts]),
  origins: list(process.env[GUARD_ENV.origins]),
};

export const app = new Hono();

app.use("*", async (c, next) => {
  const verdict = checkRequest(
    guardedRequest((name) => c.req.header(name)),
    policy,
  );
  if (!verdict.allowed) {
    // A plain Response: no CORS header is added to a refusal, so the page cannot even read why.
    return new Response(JSON.stringify({ error: "Forbidden", message: verdict.reason }), {
      status: verdict.status,
      headers: { "content-type": "application/json" },
    });
  }
  await next();
});

const userApp = process.env[GUARD_ENV.userApp];
if (userApp) {
  const [file = "", exported = "default"] = userApp.split(":");
  const module = (await import(file)) as Record<string, Hono | undefined>;
  const own = module[exported];
  if (!own) throw new Error(`langgraph.json http.app: ${userApp} exports no app`);
  app.route("/", own);
}

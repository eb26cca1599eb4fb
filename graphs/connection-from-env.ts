/**
 * Where the sample graphs of `langgraph.json` send model calls (LangGraph Studio, the dev server, tests):
 * GLASSBOX_ENDPOINT as given; a local Bedrock started in this process with GLASSBOX_LOCAL=1 or when no
 * AWS credentials are found; else Amazon Bedrock. GLASSBOX_MODEL picks the model.
 */
import { type Connection, type ConnectionRequest, resolveConnection } from "../src/model/index.ts";

type Env = Record<string, string | undefined>;

/** The connection the environment asks for; its notice (why the local Bedrock) goes to stderr. */
export async function connectionFromEnv(
  extra: Pick<ConnectionRequest, "guardrails"> = {},
  env: Env = process.env,
): Promise<Connection> {
  const connection = await resolveConnection({
    local: env.GLASSBOX_LOCAL === "1",
    endpoint: env.GLASSBOX_ENDPOINT,
    env,
    ...extra,
  });
  if (connection.notice) console.error(`glassbox: ${connection.notice}`);
  return connection;
}

/** The model settings of a sample graph: GLASSBOX_MODEL and the connection's endpoint, when set. */
export function modelFromEnv(connection: Connection, env: Env = process.env) {
  return {
    ...(env.GLASSBOX_MODEL ? { modelId: env.GLASSBOX_MODEL } : {}),
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
  };
}

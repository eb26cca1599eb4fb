import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.ts";

const SCRIPT = join(import.meta.dirname, "../../scripts/postgres.sh");

/**
 * A PostgreSQL server for the tests: GLASSBOX_TEST_POSTGRES_URL when set (CI starts one with
 * scripts/postgres.sh), otherwise a private server started here, on its own port and data directory.
 */
export async function testPostgres(): Promise<{ url: string; stop(): void }> {
  const given = process.env.GLASSBOX_TEST_POSTGRES_URL;
  if (given) return { url: given, stop: () => {} };
  const dir = join(tmpdir(), `glassbox-pg-${process.pid}-${Date.now()}`);
  const port = await freePort();
  const url = execFileSync(SCRIPT, ["start", dir, String(port)], { encoding: "utf8" }).trim();
  return {
    url,
    stop: () => {
      execFileSync(SCRIPT, ["stop", dir]);
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.initdb.log`, { force: true });
    },
  };
}

/** A URL for a fresh database on the same server, so test files never share tables. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}

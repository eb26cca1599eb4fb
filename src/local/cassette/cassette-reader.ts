import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { ConfigError } from "../../errors.ts";
import { type Exchange, ExchangeSchema, type Manifest, ManifestSchema } from "./cassette-schema.ts";

/** A cassette folder as read: its manifest and exchanges in recorded order, each with its file name. */
export interface Cassette {
  dir: string;
  manifest: Manifest;
  exchanges: Array<Exchange & { file: string }>;
}

/** Reads and validates a cassette folder; a bad file is an error naming the file and the field. */
export function readCassette(dir: string): Cassette {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath)) {
    throw new ConfigError(
      `${dir}: no manifest.json, not a cassette (record one with glassbox local --record)`,
      {
        code: "CASSETTE_INVALID",
      },
    );
  }
  const manifest = parseFile(manifestPath, ManifestSchema);
  const files = readdirSync(dir)
    .filter((name) => /^\d{4,}-.*\.json$/.test(name))
    .sort();
  const exchanges = files
    .map((file) => ({ ...parseFile(join(dir, file), ExchangeSchema), file }))
    .sort((a, b) => a.seq - b.seq);
  return { dir, manifest, exchanges };
}

function parseFile<T>(path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`, {
      code: "CASSETTE_INVALID",
    });
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`, {
    code: "CASSETTE_INVALID",
  });
}

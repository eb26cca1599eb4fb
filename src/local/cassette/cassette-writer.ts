import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../errors.ts";
import { glassboxPackage } from "../../package-root.ts";
import { CASSETTE_FORMAT, type Exchange, type Manifest } from "./cassette-schema.ts";

/** The file name of an exchange: `0007-converse-stream.json`. */
export function exchangeFileName(seq: number, operation: string): string {
  const kebab = operation.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return `${String(seq).padStart(4, "0")}-${kebab}.json`;
}

/** Writes a cassette folder: private (0700) folder, private (0600) files, each written whole. */
export interface CassetteWriter {
  dir: string;
  write(exchange: Exchange): Promise<string>;
  count(): number;
  /** Removes what creating wrote, when nothing was recorded (a proxy that could not start). */
  discard(): void;
}

/**
 * Creates a cassette folder for recording and its manifest. An existing cassette is never overwritten:
 * a folder that already holds one is an error.
 */
export function createCassetteWriter(
  dir: string,
  about: { upstream: string; region: string },
): CassetteWriter {
  if (existsSync(dir) && readdirSync(dir).some((name) => name === "manifest.json" || /^\d{4,}-/.test(name))) {
    throw new ConfigError(`${dir} already holds a cassette: record into a new or empty folder`, {
      code: "CASSETTE_INVALID",
    });
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const createdAt = new Date().toISOString();
  let count = 0;
  let queue = Promise.resolve();
  const manifest = (): Manifest => ({
    format: CASSETTE_FORMAT,
    createdAt,
    updatedAt: new Date().toISOString(),
    upstream: about.upstream,
    region: about.region,
    glassboxVersion: glassboxPackage().version,
    count,
  });
  writePrivate(join(dir, "manifest.json"), manifest());
  return {
    dir,
    count: () => count,
    discard() {
      if (count > 0) return;
      rmSync(join(dir, "manifest.json"), { force: true });
      if (!readdirSync(dir).length) rmSync(dir, { recursive: true, force: true });
    },
    write(exchange) {
      const name = exchangeFileName(exchange.seq, exchange.request.operation);
      // One writer at a time, so the manifest's count never goes backwards.
      const done = queue.then(() => {
        writePrivate(join(dir, name), exchange);
        count++;
        writePrivate(join(dir, "manifest.json"), manifest());
      });
      queue = done.catch(() => {});
      return done.then(() => name);
    },
  };
}

/** Writes JSON to a 0600 file via a temporary name, so a reader never sees half a file. */
function writePrivate(path: string, value: unknown): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

/** An open better-sqlite3 database. */
export type SqliteDatabase = BetterSqlite3.Database;

let driver: typeof BetterSqlite3 | undefined;

/**
 * Opens a SQLite database with better-sqlite3, loading the native driver on first use: importing a
 * module that may open a database (the knowledge base, the evaluation cache) costs nothing until it does.
 */
export function openSqliteDatabase(path: string): SqliteDatabase {
  driver ??= createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;
  return new driver(path);
}

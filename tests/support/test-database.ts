import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import * as mariadb from "mariadb";
import { sqlitePath } from "../../server/store/db.ts";
import { migrateDatabase } from "../../server/store/migrate.ts";

export type TestDatabase = { url: string; drop(): Promise<void> };

/** The MariaDB/MySQL server the integration suite may use: DATABASE_URL, when it names one. */
export const mysqlUrl = /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined;

let warned = false;

/** Backends to run each integration suite on: SQLite always, MariaDB when DATABASE_URL names a server. */
export function backends(): ("sqlite" | "mysql")[] {
  if (mysqlUrl) return ["sqlite", "mysql"];
  if (!warned) {
    warned = true;
    console.warn("DATABASE_URL not set: MariaDB integration suite not run");
  }
  return ["sqlite"];
}

/** A fresh, fully migrated database of its own; `drop()` deletes it. */
export async function createTestDatabase(kind: "mysql" | "sqlite"): Promise<TestDatabase> {
  const database = await createEmptyDatabase(kind);
  try {
    await migrateDatabase(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** A fresh database with no tables yet (for testing the migration runner itself). */
export async function createEmptyDatabase(kind: "mysql" | "sqlite"): Promise<TestDatabase> {
  return kind === "mysql" ? await createMysqlDatabase() : createSqliteDatabase();
}

/** One statement through the plain driver, so tests see stored values without Prisma's type mapping. */
export async function rawQuery<Row = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url));
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const conn = await mariadb.createConnection(url.replace(/^mysql:/, "mariadb:"));
  try {
    const result = await conn.query(sql, params);
    return Array.isArray(result) ? result : [];
  } finally {
    await conn.end();
  }
}

function createSqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "parley-t-"));
  // A subfolder that does not exist yet, so every test also covers the runner creating it.
  return {
    url: `file:${join(dir, "db", "test.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createMysqlDatabase(): Promise<TestDatabase> {
  const serverUrl = mysqlUrl;
  if (!serverUrl) throw new Error("createTestDatabase('mysql') needs DATABASE_URL=mysql://user@host:port/db");
  const name = `parley_t_${randomBytes(6).toString("hex")}`;
  await rawQuery(serverUrl, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await rawQuery(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}

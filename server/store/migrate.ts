import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import * as mariadb from "mariadb";
import { databaseKind, sqlitePath, type DbKind } from "./db.ts";

/**
 * Applies the committed SQL migrations (Prisma's folder format) with the drivers the app already has, because Prisma's
 * native schema engine cannot be downloaded here. Applied migrations are recorded in `_prisma_migrations` exactly as
 * Prisma records them, so `prisma migrate deploy` on a machine that has the engine sees the same history.
 */

export type Migration = { name: string; sql: string; checksum: string };

type AppliedRow = { migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown };

/** One backend's bookkeeping; `apply` returns false when another process applied the migration first. */
interface MigrationStore {
  appliedRows(): Promise<AppliedRow[]>;
  apply(migration: Migration): Promise<boolean>;
  close(): Promise<void>;
}

const mysqlLock = "parley_migrate";
const mysqlLockWaitSeconds = 30;

export async function migrateDatabase(databaseUrl: string, log: (line: string) => void = () => {}): Promise<{ applied: string[] }> {
  const kind = databaseKind(databaseUrl);
  const dir = migrationsDir(kind);
  const migrations = readMigrations(dir);
  const store = kind === "mysql" ? await openMysql(databaseUrl) : openSqlite(databaseUrl);
  try {
    const pending = pendingMigrations(migrations, await store.appliedRows(), dir, log);
    const applied: string[] = [];
    for (const migration of pending) {
      if (await store.apply(migration)) {
        applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
    }
    return { applied };
  } finally {
    await store.close();
  }
}

/**
 * The server and the CLI always run from the project root, so `<cwd>/prisma/...` is tried first. The fallback walks up
 * from this module's own location, which finds the root both from server/store/ and from the esbuild bundle in dist/.
 */
export function migrationsDir(kind: DbKind): string {
  const relative = kind === "mysql" ? "prisma/migrations" : "prisma/sqlite/migrations";
  const roots = [process.cwd()];
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) roots.push(dir);
  const found = roots.map((root) => join(root, relative)).find((dir) => existsSync(dir));
  if (!found) throw new Error(`migrations folder ${relative} not found in ${process.cwd()} or above ${roots[1]}`);
  return found;
}

/** Every migration folder, in folder-name order (Prisma's order: the timestamp prefix). */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new Error(`migration folder ${name} has no migration.sql`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

function pendingMigrations(migrations: Migration[], rows: AppliedRow[], dir: string, log: (line: string) => void) {
  const onDisk = new Map(migrations.map((m) => [m.name, m]));
  const done = new Set<string>();
  // Rolled-back rows are history only: Prisma treats those migrations as not applied.
  for (const row of rows.filter((r) => r.rolled_back_at == null)) {
    if (row.finished_at == null) {
      throw new Error(
        `migration ${row.migration_name} started but never finished (see _prisma_migrations.logs); ` +
          "repair the database by hand, then set its rolled_back_at or finished_at",
      );
    }
    const file = onDisk.get(row.migration_name);
    if (!file) {
      log(`database has migration ${row.migration_name}, which is not in ${dir} (written by a newer build?)`);
    } else if (file.checksum !== row.checksum) {
      throw new Error(
        `migration ${row.migration_name} was changed after it was applied ` +
          `(checksum ${row.checksum.slice(0, 12)}… in _prisma_migrations, ${file.checksum.slice(0, 12)}… on disk); ` +
          "never edit an applied migration, add a new one",
      );
    }
    done.add(row.migration_name);
  }
  return migrations.filter((m) => !done.has(m.name));
}

function failed(migration: Migration, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`migration ${migration.name} failed: ${message}`, { cause: error });
}

async function openMysql(databaseUrl: string): Promise<MigrationStore> {
  // The driver only accepts mariadb:// URLs; one migration file is many statements.
  const url = databaseUrl.replace(/^mysql:/, "mariadb:");
  const conn = await mariadb.createConnection(`${url}${url.includes("?") ? "&" : "?"}multipleStatements=true`);
  try {
    // A server-wide named lock: when several nodes start at once, one migrates and the others wait, then find nothing to do.
    const [{ locked }] = await conn.query(`SELECT GET_LOCK('${mysqlLock}', ${mysqlLockWaitSeconds}) AS locked`);
    if (Number(locked) !== 1) {
      throw new Error(`could not migrate: another process held the '${mysqlLock}' lock for ${mysqlLockWaitSeconds} s`);
    }
    await conn.query(`CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (error) {
    await conn.end();
    throw error;
  }
  return {
    appliedRows: () => conn.query("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations"),
    async apply(migration) {
      // MySQL DDL commits implicitly, so there is no transaction to hide behind: like Prisma, record the start first,
      // so a migration that fails halfway stays visible (finished_at NULL, error in logs) and blocks later runs.
      const id = randomUUID();
      await conn.query("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES (?, ?, ?, UTC_TIMESTAMP(3))", [
        id,
        migration.checksum,
        migration.name,
      ]);
      try {
        await conn.query(migration.sql);
      } catch (error) {
        await conn.query("UPDATE _prisma_migrations SET logs = ? WHERE id = ?", [String(error), id]);
        throw failed(migration, error);
      }
      await conn.query("UPDATE _prisma_migrations SET finished_at = UTC_TIMESTAMP(3), applied_steps_count = 1 WHERE id = ?", [id]);
      return true;
    },
    async close() {
      // Ending the session releases the named lock too; releasing first is just explicit.
      await conn.query(`SELECT RELEASE_LOCK('${mysqlLock}')`).catch(() => {});
      await conn.end();
    },
  };
}

function openSqlite(databaseUrl: string): MigrationStore {
  const path = sqlitePath(databaseUrl);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`);
  const selectRows = db.prepare("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations");
  const isApplied = db.prepare(
    "SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  // Timestamps as epoch milliseconds: what Prisma's own engine writes into this table on SQLite.
  const start = db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES (?, ?, ?, ?)");
  const finish = db.prepare("UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?");
  const setLogs = db.prepare("UPDATE _prisma_migrations SET logs = ? WHERE id = ?");

  const run = (migration: Migration) => {
    if (isApplied.get(migration.name)) return false;
    const id = randomUUID();
    start.run(id, migration.checksum, migration.name, Date.now());
    try {
      db.exec(migration.sql);
    } catch (error) {
      // In a transaction this row rolls back with the rest; outside one it stays as the failed record, as in Prisma.
      setLogs.run(String(error), id);
      throw failed(migration, error);
    }
    finish.run(Date.now(), id);
    return true;
  };
  // BEGIN IMMEDIATE takes the write lock before re-checking, so a second process waits and then skips.
  const runInTransaction = db.transaction(run);

  return {
    appliedRows: async () => selectRows.all() as AppliedRow[],
    async apply(migration) {
      // `PRAGMA foreign_keys` is a no-op inside a transaction, and Prisma's table rebuilds rely on it being off.
      if (/PRAGMA\s+foreign_keys/i.test(migration.sql)) return run(migration);
      return runInTransaction.immediate(migration);
    },
    async close() {
      db.close();
    },
  };
}

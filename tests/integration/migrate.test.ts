import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../server/store/db.ts";
import { migrateDatabase, migrationsDir, readMigrations } from "../../server/store/migrate.ts";
import { backends, createEmptyDatabase, rawQuery, type TestDatabase } from "../support/test-database.ts";

const init = "20261128000000_init";

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  applied_steps_count: number | bigint;
};

describe.each(backends())("migrations on %s", (backend) => {
  let database: TestDatabase;
  const dir = migrationsDir(backend);

  beforeAll(async () => {
    database = await createEmptyDatabase(backend);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("applies every migration folder, in order, to a fresh database", async () => {
    const lines: string[] = [];
    const { applied } = await migrateDatabase(database.url, (line) => lines.push(line));
    expect(applied).toEqual(readMigrations(dir).map((m) => m.name));
    expect(applied).toContain(init);
    expect(lines).toContain(`applied ${init}`);
  });

  it("applies nothing on a second run", async () => {
    expect(await migrateDatabase(database.url)).toEqual({ applied: [] });
  });

  it("records each migration in _prisma_migrations with the sha256 of its file", async () => {
    const expected = createHash("sha256")
      .update(readFileSync(join(dir, init, "migration.sql")))
      .digest("hex");
    const rows = await rawQuery<MigrationRow>(
      database.url,
      "SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations",
    );
    const row = rows.find((r) => r.migration_name === init);
    expect(row).toMatchObject({ checksum: expected, rolled_back_at: null });
    expect(row?.finished_at).not.toBeNull();
    expect(Number(row?.applied_steps_count)).toBe(1);
    expect(rows).toHaveLength(readMigrations(dir).length);
  });

  it("refuses to run when an applied migration's file no longer matches its checksum", async () => {
    const [applied] = await rawQuery<{ checksum: string }>(
      database.url,
      "SELECT checksum FROM _prisma_migrations WHERE migration_name = ?",
      [init],
    );
    if (!applied) throw new Error(`migration ${init} is not recorded`);
    await rawQuery(database.url, "UPDATE _prisma_migrations SET checksum = ? WHERE migration_name = ?", ["0".repeat(64), init]);
    try {
      await expect(migrateDatabase(database.url)).rejects.toThrow(`migration ${init} was changed after it was applied`);
    } finally {
      await rawQuery(database.url, "UPDATE _prisma_migrations SET checksum = ? WHERE migration_name = ?", [applied.checksum, init]);
    }
    expect(await migrateDatabase(database.url)).toEqual({ applied: [] });
  });

  it("gives a schema the Prisma client can write and read", async () => {
    const db = await createDb(database.url);
    try {
      const created = await db.organization.create({ data: { name: "Migrated Org" } });
      const read = await db.organization.findUnique({ where: { id: created.id } });
      expect(read).toMatchObject({ id: created.id, name: "Migrated Org" });
      expect(read?.createdAt).toBeInstanceOf(Date);
    } finally {
      await db.$disconnect();
    }
  });
});

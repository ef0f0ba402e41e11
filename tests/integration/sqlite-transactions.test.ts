import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/store/db.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/**
 * Prisma's better-sqlite3 adapter shares one connection between transactions and everything else; without the
 * turn-taking in server/store/sqlite-serial.ts, a write made while a transaction is open is rolled back with it.
 */
describe("embedded SQLite: a rolled-back transaction never takes other writes with it", () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    db = await createDb(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it("keeps a write made while another transaction is open and then rolls back", async () => {
    await db.organization.create({ data: { id: "org-a", name: "before" } });
    const failing = db
      .$transaction(async (tx) => {
        await tx.organization.update({ where: { id: "org-a" }, data: { name: "inside" } });
        await new Promise((resolve) => setTimeout(resolve, 100));
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await db.organization.create({ data: { id: "org-b", name: "outside" } });
    expect(await failing).toBe("roll back");
    const rows = await db.organization.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true } });
    expect(rows).toEqual([
      { id: "org-a", name: "before" },
      { id: "org-b", name: "outside" },
    ]);
  });

  it("refuses batch transactions instead of running them out of turn", async () => {
    expect(() => db.$transaction([db.organization.count()] as never)).toThrowError(/only interactive transactions/);
  });
});

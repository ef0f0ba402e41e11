import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePrismaSchema, readPrismaSchema, type SchemaModel } from "../support/prisma-schema.ts";
import { backends, createTestDatabase, rawQuery, type TestDatabase } from "../support/test-database.ts";

/**
 * The committed migrations are hand-written (MySQL) or generated apart from the schema (SQLite), so this test keeps
 * them honest: after migrating, the LIVE database must have exactly the tables, columns, nullability and unique
 * indexes that prisma/schema.prisma describes.
 */

type LiveIndex = { name: string; unique: boolean; columns: string[] };
type LiveTable = { columns: Map<string, { nullable: boolean }>; indexes: LiveIndex[] };
type LiveSchema = Map<string, LiveTable>;

const bookkeeping = "_prisma_migrations";

async function readLiveSchema(url: string): Promise<LiveSchema> {
  const live: LiveSchema = new Map();
  const table = (name: string) => {
    if (!live.has(name)) live.set(name, { columns: new Map(), indexes: [] });
    return live.get(name)!;
  };

  if (url.startsWith("file:")) {
    const tables = await rawQuery<{ name: string }>(
      url,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    for (const { name } of tables) {
      const t = table(name);
      const quoted = `"${name.replaceAll('"', '""')}"`;
      for (const c of await rawQuery<{ name: string; notnull: number }>(url, `PRAGMA table_info(${quoted})`)) {
        t.columns.set(c.name, { nullable: c.notnull === 0 });
      }
      for (const i of await rawQuery<{ name: string; unique: number }>(url, `PRAGMA index_list(${quoted})`)) {
        const columns = await rawQuery<{ name: string }>(url, `PRAGMA index_info("${i.name}")`);
        t.indexes.push({ name: i.name, unique: i.unique === 1, columns: columns.map((c) => c.name) });
      }
    }
    return live;
  }

  const columns = await rawQuery<{ TABLE_NAME: string; COLUMN_NAME: string; IS_NULLABLE: string }>(
    url,
    "SELECT TABLE_NAME, COLUMN_NAME, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
  );
  for (const c of columns) table(c.TABLE_NAME).columns.set(c.COLUMN_NAME, { nullable: c.IS_NULLABLE === "YES" });
  const stats = await rawQuery<{ TABLE_NAME: string; INDEX_NAME: string; NON_UNIQUE: number | bigint; COLUMN_NAME: string }>(
    url,
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
  );
  for (const s of stats) {
    const t = table(s.TABLE_NAME);
    let index = t.indexes.find((i) => i.name === s.INDEX_NAME);
    if (!index) {
      index = { name: s.INDEX_NAME, unique: Number(s.NON_UNIQUE) === 0, columns: [] };
      t.indexes.push(index);
    }
    index.columns.push(s.COLUMN_NAME);
  }
  return live;
}

/** Every difference between the models and the live database, each naming the table/column/index that drifted. */
function driftProblems(models: SchemaModel[], live: LiveSchema): string[] {
  const problems: string[] = [];
  const setKey = (columns: string[]) => [...columns].sort().join(", ");
  const tables = new Set(models.map((m) => m.table));
  for (const name of live.keys()) {
    if (!tables.has(name) && name !== bookkeeping) problems.push(`table ${name}: in the database but no model maps to it`);
  }

  for (const model of models) {
    const t = live.get(model.table);
    if (!t) {
      problems.push(`table ${model.table}: missing (model ${model.name})`);
      continue;
    }
    for (const field of model.fields) {
      const column = t.columns.get(field.column);
      if (!column) problems.push(`column ${model.table}.${field.column}: missing`);
      else if (column.nullable !== field.optional) {
        problems.push(
          `column ${model.table}.${field.column}: ${column.nullable ? "NULL" : "NOT NULL"} in the database, ` +
            `${field.optional ? "optional" : "required"} in the schema`,
        );
      }
    }
    const fieldColumns = new Set(model.fields.map((f) => f.column));
    for (const name of t.columns.keys()) {
      if (!fieldColumns.has(name)) problems.push(`column ${model.table}.${name}: in the database but not a field of ${model.name}`);
    }

    const liveUnique = t.indexes.filter((i) => i.unique);
    const schemaUnique = new Set(model.uniques.map(setKey));
    for (const columns of model.uniques) {
      if (!liveUnique.some((i) => setKey(i.columns) === setKey(columns))) {
        problems.push(`unique index ${model.table}(${columns.join(", ")}): missing`);
      }
    }
    for (const index of liveUnique.filter((i) => !schemaUnique.has(setKey(i.columns)))) {
      problems.push(`unique index ${model.table}.${index.name}(${index.columns.join(", ")}): in the database but not in the schema`);
    }
    for (const columns of model.indexes) {
      if (!t.indexes.some((i) => i.columns.join(", ") === columns.join(", "))) {
        problems.push(`index ${model.table}(${columns.join(", ")}): missing`);
      }
    }
  }
  return problems;
}

describe("prisma schema parser", () => {
  const models = readPrismaSchema();

  it("sees every model block of the schema", () => {
    const blocks = readFileSync(join(process.cwd(), "prisma/schema.prisma"), "utf8").match(/^model (\w+) \{/gm)!;
    expect(models.map((m) => m.name)).toEqual(blocks.map((block) => block.split(" ")[1]));
    expect(models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Organization", "User", "Site", "Visitor", "Conversation", "Message"]),
    );
  });

  it("reads scalar fields with nullability, and leaves relation fields out", () => {
    const visitor = models.find((m) => m.name === "Visitor")!;
    expect(visitor.fields.find((f) => f.name === "deviceId")).toMatchObject({ type: "String", optional: false });
    expect(visitor.fields.find((f) => f.name === "email")).toMatchObject({ type: "String", optional: true });
    expect(visitor.fields.map((f) => f.name)).not.toContain("site");
    expect(visitor.uniques).toEqual([["id"], ["siteId", "deviceId"]]);
    const message = models.find((m) => m.name === "Message")!;
    expect(message.uniques).toEqual([["id"], ["conversationId", "seq"], ["conversationId", "clientMsgId"]]);
    expect(message.indexes).toEqual([["organizationId"]]);
  });

  it("follows @map, @@map, @@id and list fields", () => {
    const [model] = parsePrismaSchema(`
      model Tag {
        a     String @map("a_col") // a comment
        b     Int
        names String[]
        @@id([a, b(sort: Desc)])
        @@map("tags")
      }`);
    expect(model).toMatchObject({ table: "tags", uniques: [["a_col", "b"]] });
    expect(model!.fields.find((f) => f.name === "names")).toMatchObject({ list: true, column: "names" });
  });
});

describe.each(backends())("live %s schema matches prisma/schema.prisma", (backend) => {
  const models = readPrismaSchema();
  let database: TestDatabase;
  let live: LiveSchema;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    live = await readLiveSchema(database.url);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("has every model's table, column, nullability and unique index, and nothing else", () => {
    expect(driftProblems(models, live)).toEqual([]);
  });

  it("would name a dropped column, a flipped nullability, an extra column and a lost unique index", () => {
    const copy: LiveSchema = new Map([...live].map(([name, t]) => [name, { columns: new Map(t.columns), indexes: [...t.indexes] }]));
    const visitor = copy.get("Visitor")!;
    visitor.columns.delete("ip");
    visitor.columns.set("email", { nullable: false });
    visitor.columns.set("legacy", { nullable: true });
    visitor.indexes = visitor.indexes.filter((i) => !(i.unique && i.columns.includes("deviceId")));
    expect(driftProblems(models, copy)).toEqual([
      "column Visitor.email: NOT NULL in the database, optional in the schema",
      "column Visitor.ip: missing",
      "column Visitor.legacy: in the database but not a field of Visitor",
      "unique index Visitor(siteId, deviceId): missing",
    ]);
  });
});

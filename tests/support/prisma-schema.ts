import { readFileSync } from "node:fs";

/**
 * A small reader for the parts of prisma/schema.prisma the drift test compares with the live database. The generated
 * client's runtimeDataModel has no nullability, so the schema text is the reference.
 */

export type SchemaField = {
  name: string;
  /** Column name (`@map`), or the field name. */
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  id: boolean;
  unique: boolean;
};

export type SchemaModel = {
  name: string;
  /** Table name (`@@map`), or the model name. */
  table: string;
  /** Scalar fields only: relation fields are not columns. */
  fields: SchemaField[];
  /** Column lists that must be unique: @id / @@id, @unique, @@unique. */
  uniques: string[][];
  /** Column lists of @@index. */
  indexes: string[][];
};

export function readPrismaSchema(path = "prisma/schema.prisma"): SchemaModel[] {
  return parsePrismaSchema(readFileSync(path, "utf8"));
}

export function parsePrismaSchema(source: string): SchemaModel[] {
  const text = source.replace(/(^|\s)\/\/.*$/gm, "$1");
  const blocks = [...text.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)].map(([, name, body]) => ({ name: name!, body: body! }));
  const modelNames = new Set(blocks.map((b) => b.name));

  return blocks.map(({ name, body }) => {
    const lines = body
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const fields: SchemaField[] = [];
    for (const line of lines.filter((l) => !l.startsWith("@@"))) {
      const match = /^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!match) throw new Error(`prisma-schema: cannot read field line in model ${name}: ${line}`);
      const [, fieldName, type, list, optional, attributes] = match;
      if (modelNames.has(type!)) continue;
      fields.push({
        name: fieldName!,
        column: /@map\(\s*"([^"]+)"/.exec(attributes!)?.[1] ?? fieldName!,
        type: type!,
        optional: Boolean(optional),
        list: Boolean(list),
        id: /@id\b/.test(attributes!),
        unique: /@unique\b/.test(attributes!),
      });
    }

    const column = (fieldName: string) => {
      const field = fields.find((f) => f.name === fieldName);
      if (!field) throw new Error(`prisma-schema: model ${name} has no scalar field ${fieldName}`);
      return field.column;
    };
    // `@@unique([a, b(sort: Desc)], name: "x")` or `@@unique(fields: [a, b])` → the listed columns.
    const lists = (attribute: string) =>
      lines
        .filter((l) => l.startsWith(`@@${attribute}(`))
        .map((l) => {
          const inner = /\[([^\]]*)\]/.exec(l)?.[1];
          if (inner === undefined) throw new Error(`prisma-schema: cannot read ${l} in model ${name}`);
          return inner
            .replace(/\([^)]*\)/g, "")
            .split(",")
            .map((part) => column(part.trim()));
        });

    return {
      name,
      table: /@@map\(\s*"([^"]+)"/.exec(body)?.[1] ?? name,
      fields,
      uniques: [...fields.filter((f) => f.id || f.unique).map((f) => [f.column]), ...lists("id"), ...lists("unique")],
      indexes: lists("index"),
    };
  });
}

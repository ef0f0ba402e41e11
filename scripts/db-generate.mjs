// Generates the two Prisma clients (MySQL and SQLite) from prisma/schema.prisma, offline.
// Prisma's native schema engine cannot be downloaded here; `generate` never runs it but wants the path to exist,
// so PRISMA_SCHEMA_ENGINE_BINARY is set for `generate` only (with it, `migrate`/`db push` would silently do nothing).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(join(root, "prisma/schema.prisma"), "utf8");

// SQLite has no native column types, so every @db.* attribute goes.
const sqlite = source
  .replace('provider = "mysql"', 'provider = "sqlite"')
  .replace('output       = "../server/store/generated/mysql"', 'output       = "../../server/store/generated/sqlite"')
  .replace(/ @db\.\w+(\([^)]*\))?/g, "")
  .replace(/^\/\/ The one source of truth[^\n]*\n/m, "// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs. Do not edit.\n");
if (!sqlite.includes('provider = "sqlite"') || !sqlite.includes("generated/sqlite")) {
  throw new Error("db-generate: prisma/schema.prisma no longer has the expected generator/datasource lines");
}
mkdirSync(join(root, "prisma/sqlite"), { recursive: true });
writeFileSync(join(root, "prisma/sqlite/schema.prisma"), sqlite);

const prisma = join(root, "node_modules/prisma/build/index.js");
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const schema of ["prisma/schema.prisma", "prisma/sqlite/schema.prisma"]) {
  execFileSync(process.execPath, [prisma, "generate", "--schema", schema], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("db:generate: Prisma clients for MySQL and SQLite generated in server/store/generated/");

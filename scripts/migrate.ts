// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the embedded SQLite file when unset).
import { migrateDatabase } from "../server/store/migrate.ts";

// Read directly for now: loadConfig() in server/config.ts also demands SESSION_SECRET in production and creates the
// embedded session secret, neither of which a migration needs. Move this to config once it has a database-only reader.
const databaseUrl = process.env.DATABASE_URL || "file:data/parley.db";

try {
  const { applied } = await migrateDatabase(databaseUrl, (line) => console.log(`db:migrate: ${line}`));
  const target = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
  console.log(`db:migrate: ${applied.length === 0 ? "up to date, nothing to apply" : `${applied.length} applied`} (${target})`);
} catch (error) {
  // Driver errors append the whole SQL text on later lines; the first line names the migration and the cause.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate: ${message.split("\n")[0]}`);
  process.exit(1);
}

import type { Config } from "./config.ts";
import type { Logger } from "./domain/deps.ts";
import { seedDemo } from "./domain/organizations/seed-demo.ts";
import { closeDeps, createDeps } from "./services.ts";
import { migrateDatabase } from "./store/migrate.ts";

/** Before serving: apply migrations, and seed the demo data into an empty database when asked to. Once per start. */
export async function prepareDatabase(config: Config, log: Logger): Promise<void> {
  const { applied } = await migrateDatabase(config.databaseUrl);
  if (applied.length > 0) log.info("database migrated", { applied });
  if (!config.seedDemo) return;
  const deps = await createDeps(config, log);
  try {
    const login = await seedDemo(deps, { adminPassword: config.demoAdminPassword });
    if (login) printDemoLogin(config, login);
  } finally {
    await closeDeps(deps);
  }
}

/** For the person at the terminal, not the log: the password must never reach a log line (server/log.ts). */
function printDemoLogin(config: Config, login: { email: string; password: string }) {
  process.stdout.write(
    `${[
      "",
      "  Parley demo data created. Sign in to the inbox with:",
      `    url:      ${config.publicUrl}/login`,
      `    email:    ${login.email}`,
      `    password: ${login.password}`,
      "  (printed once; keep it)",
      "",
    ].join("\n")}\n`,
  );
}

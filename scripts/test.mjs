// `npm test`: type check, unit + integration (vitest), then e2e (Playwright, real Chromium, the built app).
// Integration always runs on SQLite + the in-process bus, and also on MariaDB + Redis when DATABASE_URL / REDIS_URL
// name them; which ones ran is printed, never skipped in silence. Ends with one line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsCurrent } from "./build-state.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".test-output");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => join(root, "node_modules/.bin", name);
const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

const mysql = process.env.DATABASE_URL?.startsWith("mysql") ? process.env.DATABASE_URL : null;
console.log(`test: SQLite + in-process bus: yes`);
console.log(
  `test: MariaDB/MySQL: ${mysql ? "yes (a fresh database per test file, dropped after)" : "NOT CONFIGURED — set DATABASE_URL=mysql://root@127.0.0.1:3306/test to run the MySQL suite"}`,
);
console.log(
  `test: Redis: ${process.env.REDIS_URL ? "yes (a fresh key prefix per test file)" : "NOT CONFIGURED — set REDIS_URL=redis://127.0.0.1:6379 to run the Redis suite"}`,
);

const failures = [];
let passed = 0;
let failed = 0;
const flaky = [];

/** Titles of e2e tests that failed first and passed on the retry (Playwright's "flaky"). */
function flakyTitles(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? []).filter((t) => t.status === "flaky").map(() => `${spec.file}: ${spec.title}`),
    ),
    ...flakyTitles(suite.suites ?? []),
  ]);
}

// Not incremental: a stale tsconfig.tsbuildinfo has let type errors in test files through here.
if (run(bin("tsc"), ["--noEmit", "--incremental", "false"]) !== 0) failures.push("type check");
// Import cycles and layer boundaries (biome.jsonc): app/ only reaches server/contracts and `type AppRouter`, the domain
// never reaches tRPC, HTTP, ws or ioredis; Biome's recommended rules and its formatter (`npm run format` fixes the layout).
if (run(bin("biome"), ["check"]) !== 0) failures.push("lint and format");

const vitestJson = join(out, "vitest.json");
const vitestStatus = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
if (vitestStatus !== 0) failures.push("unit/integration");

const chromium = existsSync("/usr/bin/chromium");
if (!chromium && !existsSync(join(process.env.HOME ?? "", ".cache/ms-playwright"))) {
  console.error(
    "test: no Chromium found. Install Debian's (apt-get install -y chromium) or Playwright's (npx playwright install chromium).",
  );
  failures.push("e2e (no Chromium)");
} else {
  if (!buildIsCurrent(root) && run(process.execPath, [join(root, "scripts/build.mjs")]) !== 0) failures.push("build");
  const playwrightJson = join(out, "playwright.json");
  const e2eStatus = run(bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  if (existsSync(playwrightJson)) {
    const report = JSON.parse(readFileSync(playwrightJson, "utf8"));
    const { stats } = report;
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (stats.flaky > 0) flaky.push(...flakyTitles(report.suites));
  }
  if (e2eStatus !== 0) failures.push("e2e");
}

console.log(failures.length ? `\ntest: FAILED: ${failures.join(", ")}` : "\ntest: all suites passed");
for (const title of flaky) console.log(`test: FLAKY (failed, then passed on retry): ${title}`);
console.log(`${passed} passed, ${failed} failed${flaky.length ? `, ${flaky.length} flaky` : ""}`);
process.exit(failures.length ? 1 : 0);

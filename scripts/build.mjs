// Production build: Next's pages, then the custom server bundled into dist/server.mjs (one node process to run).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { buildStamp } from "./build-state.mjs";
import { buildWidget } from "./build-widget.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
// The widget goes first: Next serves public/ as it finds it at build time.
await buildWidget();
execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
await build({
  entryPoints: [join(root, "server/main.ts")],
  outfile: join(root, "dist/server.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
// The migration runner as one file too, for images without tsx (the Kubernetes Job, `npm run db:migrate:prod`).
await build({
  entryPoints: [join(root, "scripts/migrate.ts")],
  outfile: join(root, "dist/migrate.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
mkdirSync(join(root, "dist"), { recursive: true });
writeFileSync(join(root, buildStamp), new Date().toISOString());
console.log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s (dist/server.mjs + .next/)`);

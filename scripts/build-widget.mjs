// The embeddable widget: loader.js (the snippet's target) and the chat panel's bundle, both framework-free,
// minified by esbuild into public/widget/. Prints gzip sizes and fails when a budget is exceeded.
// The panel is also written content-hashed (panel.<hash>.js/.css) with manifest.json naming them: a release, which
// each node registers as it starts (server/domain/releases) so it can be rolled out to a share of devices.
import { createHash } from "node:crypto";
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const defaultOut = join(root, "public/widget");

/** Gzipped bytes allowed per file: the budgets (loader ≤ 4 KB, panel JS for first open ≤ 40 KB). */
export const widgetBudgets = { "loader.js": 4 * 1024, "panel.js": 40 * 1024, "panel.css": 8 * 1024, "guard.js": 1024 };

export function gzipSizes(out = defaultOut) {
  return Object.fromEntries(Object.keys(widgetBudgets).map((file) => [file, gzipSync(readFileSync(join(out, file)), { level: 9 }).length]));
}

/** panel.<hash>.js/.css, one hash over both files (a change to either is a new release), and the manifest. */
function writeRelease(out) {
  const script = readFileSync(join(out, "panel.js"));
  const stylesheet = readFileSync(join(out, "panel.css"));
  const release = createHash("sha256").update(script).update("\0").update(stylesheet).digest("hex").slice(0, 12);
  // Older builds' bundles are not kept here: every registered release is in the shared storage.
  for (const file of readdirSync(out)) if (/^panel\.[0-9a-f]{12}\.(js|css)$/.test(file)) rmSync(join(out, file));
  copyFileSync(join(out, "panel.js"), join(out, `panel.${release}.js`));
  copyFileSync(join(out, "panel.css"), join(out, `panel.${release}.css`));
  const manifest = { release, script: `panel.${release}.js`, stylesheet: `panel.${release}.css`, builtAt: new Date().toISOString() };
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * `out` and `banner` (code put before the panel's) let tests make other builds: a second release, a broken one.
 * @param {{ out?: string; banner?: string }} [options]
 */
export async function buildWidget({ out = defaultOut, banner } = {}) {
  const common = {
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    legalComments: "none",
    logLevel: "warning",
  };
  await build({ ...common, entryPoints: [join(root, "widget/loader.ts")], outfile: join(out, "loader.js") });
  await build({
    ...common,
    entryPoints: [join(root, "widget/panel/main.ts")],
    outfile: join(out, "panel.js"),
    ...(banner ? { banner: { js: banner } } : {}),
  });
  await build({ ...common, entryPoints: [join(root, "widget/panel/panel.css")], outfile: join(out, "panel.css") });
  await build({ ...common, entryPoints: [join(root, "widget/release-guard.ts")], outfile: join(out, "guard.js") });
  const manifest = writeRelease(out);
  console.log(`widget: release ${manifest.release} (${manifest.script}, ${manifest.stylesheet})`);
  const sizes = gzipSizes(out);
  const over = [];
  for (const [file, bytes] of Object.entries(sizes)) {
    const budget = widgetBudgets[file];
    console.log(`widget: ${file.padEnd(10)} ${(bytes / 1024).toFixed(2)} KB gzipped (budget ${budget / 1024} KB)`);
    if (bytes > budget) over.push(file);
  }
  if (over.length) throw new Error(`widget: over budget: ${over.join(", ")}`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidget();

// The embeddable widget: loader.js (the snippet's target) and the chat panel's bundle, both framework-free,
// minified by esbuild into public/widget/. Prints gzip sizes and fails when a budget is exceeded.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "public/widget");

/** Gzipped bytes allowed per file: the budgets (loader ≤ 4 KB, panel JS for first open ≤ 40 KB). */
export const widgetBudgets = { "loader.js": 4 * 1024, "panel.js": 40 * 1024, "panel.css": 8 * 1024 };

export function gzipSizes() {
  return Object.fromEntries(Object.keys(widgetBudgets).map((file) => [file, gzipSync(readFileSync(join(out, file)), { level: 9 }).length]));
}

export async function buildWidget() {
  const common = { bundle: true, minify: true, format: "iife", target: "es2020", platform: "browser", legalComments: "none", logLevel: "warning" };
  await build({ ...common, entryPoints: [join(root, "app/_widget/loader.ts")], outfile: join(out, "loader.js") });
  await build({ ...common, entryPoints: [join(root, "app/_widget/panel/main.ts")], outfile: join(out, "panel.js") });
  await build({ ...common, entryPoints: [join(root, "app/_widget/panel/panel.css")], outfile: join(out, "panel.css") });
  const sizes = gzipSizes();
  const over = [];
  for (const [file, bytes] of Object.entries(sizes)) {
    const budget = widgetBudgets[file];
    console.log(`widget: ${file.padEnd(10)} ${(bytes / 1024).toFixed(2)} KB gzipped (budget ${budget / 1024} KB)`);
    if (bytes > budget) over.push(file);
  }
  if (over.length) throw new Error(`widget: over budget: ${over.join(", ")}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWidget();

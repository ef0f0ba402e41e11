import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Issue #13, "Looks": the dashboard's page bodies use the design system's components (app/_components/ui), not
// native controls dressed by hand. The design system itself and the dashboard's shared helpers are where those live.

const root = "app/dashboard";
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? (name === "_components" ? [] : files(path)) : path.endsWith(".tsx") ? [path] : [];
  });

describe("dashboard pages on the design system", () => {
  const pages = files(root).map((path) => ({ path, text: readFileSync(path, "utf8") }));

  it("has pages to check", () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  it("uses Button, Input, Textarea and Select rather than native controls styled with the design system's classes", () => {
    const handmade = pages.flatMap(({ path, text }) =>
      [
        /<button\b[^>]*className=\{(buttonClass|secondaryButtonClass|dangerButtonClass)\}/g,
        /<(input|textarea)\b[^>]*className=\{inputClass\}/g,
        /<select\b/g,
        /<textarea\b/g,
      ].flatMap((pattern) => [...text.matchAll(pattern)].map((match) => `${path}: ${match[0].slice(0, 60)}`)),
    );
    expect(handmade).toEqual([]);
  });

  it("draws text and lines in the design tokens, not fixed greys that ignore dark mode", () => {
    const greys = pages.flatMap(({ path, text }) =>
      [...text.matchAll(/\b(text-slate-[56]00|divide-slate-200|ring-slate-200|border-slate-[123]00)\b/g)].map(
        (match) => `${path}: ${match[0]}`,
      ),
    );
    expect(greys).toEqual([]);
  });
});

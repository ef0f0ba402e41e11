import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Issue #13, defect 11: every string translated. The dictionaries are module-private `const en = {…}` / `const zhCN =
// {…}` objects of plain `key: "text",` entries (the text may sit on the next line), so they are read from the sources: a key missing from zh-CN, or a zh-CN
// text left in English, fails here by name.
const dictionaries: { file: string; zhFile?: string }[] = [
  { file: "app/_lib/i18n.ts" },
  { file: "widget/panel/i18n.ts" },
  { file: "app/inbox/inbox-i18n.ts" },
  { file: "app/dashboard/_lib/i18n.ts", zhFile: "app/dashboard/_lib/i18n-zh.ts" },
  { file: "app/dashboard/labels/labels-i18n.ts" },
  { file: "app/dashboard/bot/bot-i18n.ts" },
  { file: "app/dashboard/sites/[id]/widget/widget-i18n.ts" },
  { file: "app/dashboard/canned/canned-i18n.ts" },
  { file: "app/dashboard/system/system-i18n.ts" },
];

/** Product names and codes that read the same in Chinese. */
const sameInEveryLanguage = new Set(["Parley", "English", "API", "FAQ", "LLM", "URL", "HMAC", "CSAT", "ID", "IP"]);

function entries(source: string): Map<string, string> {
  // A function entry (words with a number in them) is compared by its source text.
  return new Map(
    [...source.matchAll(/^ {2}"?([\w-]+)"?:\s+(?:"((?:[^"\\]|\\.)*)"|(\(.*))/gm)].map((match) => [match[1]!, match[2] ?? match[3]!]),
  );
}

describe.each(dictionaries)("translations in $file", ({ file, zhFile }) => {
  const source = readFileSync(file, "utf8");
  const zhStart = source.search(/const zhCN/);
  const en = entries(zhFile ? source : source.slice(0, zhStart));
  const zh = entries(zhFile ? readFileSync(zhFile, "utf8") : source.slice(zhStart));

  it("has every English key in zh-CN, and no other", () => {
    expect(en.size).toBeGreaterThan(0);
    expect([...en.keys()].filter((key) => !zh.has(key))).toEqual([]);
    expect([...zh.keys()].filter((key) => !en.has(key))).toEqual([]);
  });

  it("translates every text (none left in English)", () => {
    const untranslated = [...zh].filter(
      ([key, text]) => text === en.get(key) && /[A-Za-z]{3}/.test(text) && !sameInEveryLanguage.has(text),
    );
    expect(untranslated).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createTranslator, locales, resolveLocale } from "../../client/i18n.ts";
import { formatDuration } from "../../client/format-time.ts";
import { formatWaiting } from "../../app/inbox/inbox-time.ts";
import { sharedDictionaries } from "../../app/_lib/i18n.ts";
import { inboxDictionaries } from "../../app/inbox/inbox-i18n.ts";
import { dashboardDictionaries } from "../../app/dashboard/_lib/i18n.ts";
import { botDictionaries } from "../../app/dashboard/bot/bot-i18n.ts";
import { cannedDictionaries } from "../../app/dashboard/canned/canned-i18n.ts";
import { labelsDictionaries } from "../../app/dashboard/labels/labels-i18n.ts";
import { systemDictionaries } from "../../app/dashboard/system/system-i18n.ts";
import { widgetDictionaries } from "../../app/dashboard/sites/[id]/widget/widget-i18n.ts";
import { panelWords } from "../../widget/panel/i18n.ts";
import { auditDictionaries } from "../../app/dashboard/audit/audit-words.ts";

const all: Record<string, Record<string, Record<string, unknown>>> = {
  shared: sharedDictionaries,
  inbox: inboxDictionaries,
  dashboard: dashboardDictionaries,
  bot: botDictionaries,
  canned: cannedDictionaries,
  labels: labelsDictionaries,
  system: systemDictionaries,
  widgetEditor: widgetDictionaries,
  widgetPanel: panelWords,
  audit: auditDictionaries,
};

describe("every dictionary is complete in every locale", () => {
  for (const [name, dictionaries] of Object.entries(all)) {
    it(`${name}: zh-CN has every English key, none empty, with the same placeholders`, () => {
      const en = dictionaries.en!;
      for (const locale of locales) {
        const words = dictionaries[locale];
        expect(words, `${name} has no ${locale} dictionary`).toBeDefined();
        const missing = Object.keys(en).filter((key) => !(key in words!) || words![key] === "");
        expect(missing, `${name}: keys missing in ${locale}`).toEqual([]);
        for (const [key, value] of Object.entries(en)) {
          if (typeof value !== "string") continue;
          const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
          expect(placeholders(String(words![key])), `${name}.${key} placeholders in ${locale}`).toEqual(placeholders(value));
        }
      }
    });
  }
});

describe("createTranslator", () => {
  const dictionaries = { en: { hello: "Hello {name}", only: "English only" }, "zh-CN": { hello: "你好 {name}" } };

  it("fills placeholders and keeps one with no value visible", () => {
    expect(createTranslator(dictionaries, "zh-CN")("hello", { name: "Ann" })).toBe("你好 Ann");
    expect(createTranslator(dictionaries, "en")("hello")).toBe("Hello {name}");
    expect(createTranslator(dictionaries, "en")("hello", { other: 1 })).toBe("Hello {name}");
  });

  it("falls back to English for a key the locale lacks", () => {
    expect(createTranslator(dictionaries, "zh-CN")("only")).toBe("English only");
  });

  it("resolves the first known language among the candidates", () => {
    expect(resolveLocale(null, "", "zh-TW", "en")).toBe("zh-CN");
    expect(resolveLocale(undefined, "fr-FR", "en-GB")).toBe("en");
    expect(resolveLocale("de")).toBe("en");
  });
});

describe("times and durations go through Intl", () => {
  const now = Date.parse("2026-12-03T10:00:00Z");
  it("says how long someone waits in the reader's language", () => {
    expect(formatWaiting("2026-12-03T09:59:00Z", now, "zh-CN")).toBe("1分钟");
    expect(formatWaiting("2026-12-03T09:59:00Z", now, "en")).toBe("1 min");
    expect(formatWaiting("2026-12-03T07:00:00Z", now, "zh-CN")).toBe("3小时");
    expect(formatWaiting("2026-12-01T09:00:00Z", now, "zh-CN")).toBe("2天");
    expect(formatDuration(90_000, "en")).toBe("2 min");
  });

  it("the inbox's 'waiting' line is Chinese all through in zh-CN", () => {
    const t = createTranslator(inboxDictionaries, "zh-CN");
    const line = t("waiting", { time: formatWaiting("2026-12-03T09:59:00Z", now, "zh-CN") });
    expect(line).not.toMatch(/[a-z]/i);
  });
});

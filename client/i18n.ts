/**
 * The one translator of the browser code (inbox, dashboard, widget panel). No React here: a hook or the panel's script
 * picks the locale, this turns (dictionaries, locale) into `t(key, values)`.
 *
 * One behaviour everywhere:
 * - a key missing in the locale's dictionary falls back to English (tests/unit/i18n.test.ts fails the build on any
 *   key missing in zh-CN, so this only happens for a dictionary that is deliberately partial);
 * - a `{name}` placeholder with no value stays as written, so a forgotten value shows instead of vanishing.
 */
export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];

export type Dictionaries<Words extends Record<string, string>> = { en: Words } & { [L in Exclude<Locale, "en">]: Partial<Words> };
export type Translator<Key extends string> = (key: Key, values?: Record<string, string | number>) => string;

export function createTranslator<Words extends Record<string, string>>(
  dictionaries: Dictionaries<Words>,
  locale: Locale,
): Translator<Extract<keyof Words, string>> {
  const words = dictionaries[locale] as Partial<Words>;
  const fallback = dictionaries.en;
  return (key, values) => {
    const template = words[key] ?? fallback[key] ?? key;
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

/** The first candidate naming a language we have ("zh", "zh-TW", "zh-CN" → zh-CN; "en-GB" → en); English otherwise. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const tag = candidate?.trim().toLowerCase();
    if (!tag) continue;
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Names of the languages in their own language, for a language switch. */
export const localeNames: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

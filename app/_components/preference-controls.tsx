"use client";
import { useEffect, useState } from "react";
import { isLocale, localeNames, locales, type Locale } from "@/client/i18n";
import { useT } from "@/app/_lib/i18n";
import { setLanguagePreferences } from "@/app/_lib/locale";
import { useTheme, type Theme } from "@/app/_lib/theme";
import { createHttpClient } from "@/app/_lib/trpc-client";

const select =
  "rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";

/**
 * The signed-in person's language (stored on their user, agent.preferences) and light/dark theme (this browser), for
 * the inbox and dashboard headers. Reading the preference on mount is also what makes the organization's default
 * language apply to people who never picked one.
 */
export function PreferenceControls({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const [theme, setTheme] = useTheme();
  const [language, setLanguage] = useState<Locale | "">("");
  const [organizationLanguage, setOrganizationLanguage] = useState<Locale>("en");

  useEffect(() => {
    let live = true;
    createHttpClient()
      .agent.preferences.get.query()
      .then((preferences) => {
        if (!live) return;
        const user = isLocale(preferences.language) ? preferences.language : null;
        const organization = isLocale(preferences.organizationLanguage) ? preferences.organizationLanguage : null;
        setLanguage(user ?? "");
        if (organization) setOrganizationLanguage(organization);
        setLanguagePreferences({ user, organization });
      })
      .catch(() => {
        // Signed out: the page itself sends the person to /login.
      });
    return () => {
      live = false;
    };
  }, []);

  const pickLanguage = async (value: string) => {
    const next = isLocale(value) ? value : null;
    setLanguage(next ?? "");
    setLanguagePreferences({ user: next, organization: organizationLanguage });
    await createHttpClient().agent.preferences.setLanguage.mutate({ language: next });
  };

  return (
    <div className={`flex items-center gap-2 ${compact ? "" : "flex-wrap"}`}>
      <select aria-label={t("language")} data-testid="language-switch" className={select} value={language} onChange={(event) => void pickLanguage(event.target.value)}>
        <option value="">{t("languageDefault", { name: localeNames[organizationLanguage] })}</option>
        {locales.map((locale) => (
          <option key={locale} value={locale}>
            {localeNames[locale]}
          </option>
        ))}
      </select>
      <select aria-label={t("theme")} data-testid="theme-switch" className={select} value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
        <option value="light">{t("themeLight")}</option>
        <option value="dark">{t("themeDark")}</option>
        <option value="system">{t("themeSystem")}</option>
      </select>
    </div>
  );
}

"use client";
import { useEffect } from "react";
import { isLocale, localeNames, locales, type Locale } from "@/client/i18n";
import { useT } from "@/app/_lib/i18n";
import { setLanguagePreferences, useLanguagePreferences } from "@/app/_lib/locale";
import { useTheme, type Theme } from "@/app/_lib/theme";
import { createHttpClient } from "@/client/agent-trpc";

const select =
  "rounded-control border border-line bg-surface px-1.5 py-1 text-body text-ink focus-visible:outline-2 focus-visible:outline-accent";

/**
 * Asks the server for the signed-in person's language and their organization's default once per page, which is what
 * makes the organization's default apply to people who never picked one. Mounted by the inbox and dashboard shells.
 */
export function useSyncLanguagePreferences() {
  useEffect(() => {
    let live = true;
    createHttpClient()
      .agent.preferences.get.query()
      .then((preferences) => {
        if (!live) return;
        setLanguagePreferences({
          user: isLocale(preferences.language) ? preferences.language : null,
          organization: isLocale(preferences.organizationLanguage) ? preferences.organizationLanguage : null,
        });
      })
      .catch(() => {
        // Signed out: the page itself sends the person to /login.
      });
    return () => {
      live = false;
    };
  }, []);
}

/** The person's language (stored on their user, agent.preferences) and light/dark theme (this browser). */
export function PreferenceControls() {
  const t = useT();
  const [theme, setTheme] = useTheme();
  const { user, organization } = useLanguagePreferences();
  const organizationLanguage: Locale = organization ?? "en";

  const pickLanguage = async (value: string) => {
    const next = isLocale(value) ? value : null;
    setLanguagePreferences({ user: next, organization });
    await createHttpClient().agent.preferences.setLanguage.mutate({ language: next });
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={t("interfaceLanguage")}
        data-testid="language-switch"
        className={select}
        value={user ?? ""}
        onChange={(event) => void pickLanguage(event.target.value)}
      >
        <option value="">{t("languageDefault", { name: localeNames[organizationLanguage] })}</option>
        {locales.map((locale) => (
          <option key={locale} value={locale}>
            {localeNames[locale]}
          </option>
        ))}
      </select>
      <select
        aria-label={t("theme")}
        data-testid="theme-switch"
        className={select}
        value={theme}
        onChange={(event) => setTheme(event.target.value as Theme)}
      >
        <option value="light">{t("themeLight")}</option>
        <option value="dark">{t("themeDark")}</option>
        <option value="system">{t("themeSystem")}</option>
      </select>
    </div>
  );
}

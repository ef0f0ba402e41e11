"use client";
import { useEffect, useState } from "react";
import { useT } from "@/app/_lib/i18n";

type Theme = "system" | "light" | "dark";
const themeKey = "parley:theme";

function applyTheme(theme: Theme) {
  document.documentElement.classList.toggle("light", theme === "light");
  document.documentElement.classList.toggle("dark", theme === "dark");
}

/** Light, dark, or the OS setting, per browser; the dark: styles follow it (app/globals.css). */
export function ThemeSwitch() {
  const t = useT();
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    let saved: Theme = "system";
    try {
      saved = (localStorage.getItem(themeKey) as Theme | null) ?? "system";
    } catch {
      // storage blocked: the OS setting
    }
    setTheme(saved);
    applyTheme(saved);
  }, []);
  return (
    <select
      aria-label={t("theme")}
      value={theme}
      onChange={(event) => {
        const next = event.target.value as Theme;
        setTheme(next);
        applyTheme(next);
        try {
          localStorage.setItem(themeKey, next);
        } catch {
          // kept for this page only
        }
      }}
      className="rounded-md border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <option value="system">{t("themeSystem")}</option>
      <option value="light">{t("themeLight")}</option>
      <option value="dark">{t("themeDark")}</option>
    </select>
  );
}

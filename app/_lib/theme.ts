"use client";
import { useEffect, useState } from "react";
import { themeStorageKey as storageKey } from "./theme-boot";

/**
 * Light, dark, or the system's: chosen with the switch in the inbox and dashboard headers, remembered in this browser.
 * `themeBootScript` (theme-boot.ts, inlined by app/layout.tsx with the page's nonce) applies it before the first
 * paint, so a dark page never flashes white; Tailwind's `dark:` follows the `dark` class on <html> (app/globals.css).
 */
export type Theme = "light" | "dark" | "system";
export const themes: readonly Theme[] = ["light", "dark", "system"];

function stored(): Theme {
  try {
    const value = localStorage.getItem(storageKey);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const initial = stored();
    setTheme(initial);
    apply(initial);
  }, []);
  useEffect(() => {
    if (theme !== "system") return;
    const query = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => apply("system");
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, [theme]);
  return [
    theme,
    (next) => {
      try {
        if (next === "system") localStorage.removeItem(storageKey);
        else localStorage.setItem(storageKey, next);
      } catch {
        // Without storage the choice lasts for this page.
      }
      setTheme(next);
      apply(next);
    },
  ];
}

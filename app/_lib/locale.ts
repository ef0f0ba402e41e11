"use client";
import { useEffect, useSyncExternalStore } from "react";
import { isLocale, resolveLocale, type Locale } from "../../client/i18n.ts";

/**
 * Which language the app's pages speak, first that applies: `?lang=` in the URL, the signed-in person's own choice,
 * their organization's default language, the browser's. The person's and organization's choice arrive with
 * `agent.preferences.get` (see use-language-preference.ts) and are remembered in localStorage so the next page load
 * starts in the right language instead of flashing English.
 */
type Preferences = { user: Locale | null; organization: Locale | null };

const storageKey = "parley.language";
const listeners = new Set<() => void>();
let preferences: Preferences | null = null;
let current: Locale = "en";

function load(): Preferences {
  if (preferences) return preferences;
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? "null") as Partial<Preferences> | null;
    preferences = {
      user: isLocale(stored?.user) ? stored.user : null,
      organization: isLocale(stored?.organization) ? stored.organization : null,
    };
  } catch {
    preferences = { user: null, organization: null };
  }
  return preferences;
}

function compute(): Locale {
  const { user, organization } = load();
  const requested = new URLSearchParams(location.search).get("lang");
  return resolveLocale(requested, user, organization, navigator.language);
}

/** Called when the server tells us the person's and organization's language (and after the person picks one). */
export function setLanguagePreferences(next: Preferences) {
  preferences = next;
  try {
    localStorage.setItem(storageKey, JSON.stringify(next));
  } catch {
    // Private mode without storage: the choice still applies to this page.
  }
  refresh();
}

/** The organization's default changed (Dashboard → Organization): people who follow it switch at once. */
export function setOrganizationLanguage(organization: string) {
  if (isLocale(organization)) setLanguagePreferences({ ...load(), organization });
}

function refresh() {
  current = compute();
  // Listeners also hear a change of preferences that keeps the locale (the switch shows the person's choice).
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) refresh();
  return () => listeners.delete(listener);
}

/** The locale outside React (Intl formatting helpers); "en" on the server. */
export function currentLocale(): Locale {
  return current;
}

const noPreferences: Preferences = { user: null, organization: null };

/** The person's and organization's language as last heard from the server (for the language switch). */
export function useLanguagePreferences(): Preferences {
  return useSyncExternalStore(
    subscribe,
    () => preferences ?? noPreferences,
    () => noPreferences,
  );
}

/** English on the server and in the first render (to match it), then the locale as decided above. */
export function useLocale(): Locale {
  const locale = useSyncExternalStore(
    subscribe,
    () => current,
    () => "en" as const,
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return locale;
}

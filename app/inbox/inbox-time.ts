import { formatDuration } from "../../client/format-time.ts";
import type { Locale } from "../../client/i18n.ts";
import { currentLocale } from "../_lib/locale.ts";

/** "3 min" / "3分钟": how long someone has been waiting, whole minutes, in the inbox's language. */
export function formatWaiting(sinceIso: string, now: number, locale: Locale = currentLocale()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  return formatDuration(minutes * 60_000, locale);
}

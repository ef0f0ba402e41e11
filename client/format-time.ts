import type { Locale } from "./i18n.ts";

/**
 * Durations and times in the reader's language through Intl ("3 min" / "3分钟", "2 days" / "2天"), instead of
 * English abbreviations glued into translated sentences. Intl.DurationFormat is not in every browser we support yet;
 * one unit, rounded, is what a list row needs, and Intl.NumberFormat's unit style gives exactly that everywhere.
 */
export function formatDuration(milliseconds: number, locale: Locale): string {
  const minutes = Math.max(0, Math.round(milliseconds / 60_000));
  if (minutes < 60) return unit(locale, "minute", minutes);
  if (minutes < 24 * 60) return unit(locale, "hour", Math.floor(minutes / 60));
  return unit(locale, "day", Math.floor(minutes / (24 * 60)));
}

const unitFormats = new Map<string, Intl.NumberFormat>();
function unit(locale: Locale, name: "minute" | "hour" | "day", value: number) {
  const key = `${locale}:${name}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" });
    unitFormats.set(key, format);
  }
  return format.format(value);
}

/** "10:42" or "上午10:42" for a message time. */
export function formatClock(iso: string | number | Date, locale: Locale): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
}

/** A date and time for lists and logs, in the reader's language. */
export function formatDateTime(iso: string | number | Date, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

/** "3 minutes ago" / "3分钟前". */
export function formatRelative(iso: string | number | Date, now: number, locale: Locale): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, "second");
  if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), "hour");
  return format.format(Math.round(seconds / 86_400), "day");
}

/** "3 min", "2 hr", "1 day" (「3分钟」「2小时」「1天」 in Chinese): how long someone has been waiting, in the page's language. */
export function formatWaiting(sinceIso: string, now: number, locale = "en"): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(sinceIso)) / 60_000));
  const [value, unit] = minutes < 60 ? [minutes, "minute"] : minutes < 24 * 60 ? [Math.floor(minutes / 60), "hour"] : [Math.floor(minutes / (24 * 60)), "day"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short" }).format(value);
}

/** Nearest-rank percentile (p in 0..100) of already-sorted numbers; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** Local weekday (0 = Sunday) and hour of an instant in a time zone. */
export function weekdayHour(at: Date, timezone: string): { weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "2-digit", hourCycle: "h23" }).formatToParts(
    at,
  );
  const day = parts
    .find((part) => part.type === "weekday")!
    .value.toLowerCase()
    .slice(0, 3);
  return { weekday: weekdays.indexOf(day as (typeof weekdays)[number]), hour: Number(parts.find((part) => part.type === "hour")!.value) };
}

/** YYYY-MM-DD of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

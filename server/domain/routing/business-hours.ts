import { z } from "zod";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "time must be HH:MM");
const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

/** A team's opening hours: weekly intervals in the team's time zone, minus holidays (local dates). */
export const businessHoursSchema = z.object({
  timezone: z.string().min(1).max(64).refine(isTimeZone, "unknown time zone"),
  weekly: z.array(z.object({ day: weekday, open: time, close: time })).max(50),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "holiday must be YYYY-MM-DD")).max(366).default([]),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in a time zone: Intl applies the zone's DST rules, so no offsets are computed here. */
function localParts(at: Date, timezone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return {
    day: get("weekday").toLowerCase().slice(0, 3),
    date: `${get("year")}-${get("month")}-${get("day")}`,
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether the team is open at `at`. No schedule at all means always open. Intervals are [open, close). */
export function isOpen(hours: BusinessHours | null, at: Date): boolean {
  if (!hours) return true;
  const local = localParts(at, hours.timezone);
  if (hours.holidays.includes(local.date)) return false;
  return hours.weekly.some(
    (interval) => interval.day === local.day && minutesOf(interval.open) <= local.minutes && local.minutes < minutesOf(interval.close),
  );
}

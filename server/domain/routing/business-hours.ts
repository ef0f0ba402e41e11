import type { BusinessHours } from "../../contracts/routing.ts";

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

"use client";
import { useState } from "react";
import type { BusinessHours } from "@/server/contracts/routing";
import type { DashboardT } from "../_lib/i18n";
import { controlClass } from "../_components/ui";
import { TimeZoneOptions } from "../_components/time-zones";
import { Button, Input, Select } from "@/app/_components/ui";

const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Interval = BusinessHours["weekly"][number];

/** A weekday 9–17 schedule in the browser's zone: the usual starting point. */
function defaultHours(): BusinessHours {
  return {
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    weekly: days.slice(0, 5).map((day) => ({ day, open: "09:00", close: "17:00" })),
    holidays: [],
  };
}

/**
 * Weekly opening intervals, the zone they are in, and holidays; controlled by the team card, which saves them with
 * the rest of the team in one go (the server validates them).
 */
export function BusinessHoursEditor(props: {
  id: string;
  value: BusinessHours | null;
  saved: BusinessHours | null;
  t: DashboardT;
  onChange: (hours: BusinessHours | null) => void;
}) {
  const { t, id, value: hours, onChange: setHours } = props;
  const [holiday, setHoliday] = useState("");
  const setOpening = (index: number, change: Partial<Interval>) =>
    hours && setHours({ ...hours, weekly: hours.weekly.map((interval, i) => (i === index ? { ...interval, ...change } : interval)) });

  return (
    <fieldset className="space-y-3 rounded-control p-3 ring-1 ring-line">
      <legend className="px-1 text-sm font-medium">{t("businessHours")}</legend>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={hours === null}
          onChange={(event) => setHours(event.target.checked ? null : (props.saved ?? defaultHours()))}
        />
        {t("alwaysOpen")}
      </label>
      {hours && (
        <>
          <div className="max-w-sm space-y-1">
            <label htmlFor={`${id}-tz`} className="block text-sm">
              {t("timezone")}
            </label>
            <Input
              id={`${id}-tz`}
              list={`${id}-zones`}
              value={hours.timezone}
              onChange={(event) => setHours({ ...hours, timezone: event.target.value })}
            />
            <TimeZoneOptions id={`${id}-zones`} />
          </div>
          <ul className="space-y-2">
            {hours.weekly.map((interval, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: opening intervals have no id; the inputs are controlled, so no state follows the index
              <li key={index} className="flex flex-wrap items-center gap-2" data-testid="hours-interval">
                <Select
                  aria-label={t("day")}
                  value={interval.day}
                  onChange={(event) => setOpening(index, { day: event.target.value as Interval["day"] })}
                  className="w-36"
                >
                  {days.map((day) => (
                    <option key={day} value={day}>
                      {t(day)}
                    </option>
                  ))}
                </Select>
                <span className="flex items-center gap-2">
                  <input
                    type="time"
                    aria-label={t("opens")}
                    value={interval.open}
                    onChange={(event) => setOpening(index, { open: event.target.value })}
                    className={`${controlClass} w-32`}
                  />
                  <span aria-hidden>–</span>
                  <input
                    type="time"
                    aria-label={t("closes")}
                    value={interval.close}
                    onChange={(event) => setOpening(index, { close: event.target.value })}
                    className={`${controlClass} w-32`}
                  />
                </span>
                <Button
                  variant="secondary"
                  type="button"
                  onClick={() => setHours({ ...hours, weekly: hours.weekly.filter((_, i) => i !== index) })}
                >
                  {t("remove")}
                </Button>
              </li>
            ))}
          </ul>
          <Button
            variant="secondary"
            type="button"
            onClick={() => setHours({ ...hours, weekly: [...hours.weekly, { day: "mon", open: "09:00", close: "17:00" }] })}
          >
            {t("addInterval")}
          </Button>
          <div className="space-y-2">
            <p className="text-sm">{t("holidays")}</p>
            <ul className="flex flex-wrap gap-2">
              {hours.holidays.map((date) => (
                <li key={date} className="flex items-center gap-1 rounded-control bg-surface-muted px-2 py-1 text-body">
                  {date}
                  <button
                    type="button"
                    aria-label={`${t("remove")} ${date}`}
                    className="px-1"
                    onClick={() => setHours({ ...hours, holidays: hours.holidays.filter((d) => d !== date) })}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <div className="flex items-center gap-2">
              <input
                type="date"
                aria-label={t("addHoliday")}
                value={holiday}
                onChange={(event) => setHoliday(event.target.value)}
                className={`${controlClass} w-44`}
              />
              <Button
                variant="secondary"
                type="button"
                disabled={!holiday}
                onClick={() => {
                  setHours({ ...hours, holidays: [...new Set([...hours.holidays, holiday])].sort() });
                  setHoliday("");
                }}
              >
                {t("addHoliday")}
              </Button>
            </div>
          </div>
        </>
      )}
    </fieldset>
  );
}

"use client";
import { useState } from "react";
import type { BusinessHours } from "@/server/contracts/routing";
import type { DashboardT } from "../_lib/i18n";
import { buttonClass, controlClass, inputClass, secondaryButtonClass } from "../_components/ui";
import { TimeZoneOptions } from "../_components/time-zones";

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

/** Weekly opening intervals, the zone they are in, and holidays; saved whole (the server validates it). */
export function BusinessHoursEditor(props: { id: string; value: BusinessHours | null; t: DashboardT; saving: boolean; onSave: (hours: BusinessHours | null) => void }) {
  const { t, id } = props;
  const [hours, setHours] = useState<BusinessHours | null>(props.value);
  const [holiday, setHoliday] = useState("");
  const setOpening = (index: number, change: Partial<Interval>) =>
    setHours((current) => current && { ...current, weekly: current.weekly.map((interval, i) => (i === index ? { ...interval, ...change } : interval)) });

  return (
    <fieldset className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200 dark:ring-slate-800">
      <legend className="px-1 text-sm font-medium">{t("businessHours")}</legend>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={hours === null} onChange={(event) => setHours(event.target.checked ? null : (props.value ?? defaultHours()))} />
        {t("alwaysOpen")}
      </label>
      {hours && (
        <>
          <div className="max-w-sm space-y-1">
            <label htmlFor={`${id}-tz`} className="block text-sm">{t("timezone")}</label>
            <input id={`${id}-tz`} list={`${id}-zones`} value={hours.timezone} onChange={(event) => setHours({ ...hours, timezone: event.target.value })} className={inputClass} />
            <TimeZoneOptions id={`${id}-zones`} />
          </div>
          <ul className="space-y-2">
            {hours.weekly.map((interval, index) => (
              <li key={index} className="flex flex-wrap items-center gap-2" data-testid="hours-interval">
                <select aria-label={t("day")} value={interval.day} onChange={(event) => setOpening(index, { day: event.target.value as Interval["day"] })} className={`${controlClass} w-36`}>
                  {days.map((day) => (
                    <option key={day} value={day}>{t(day)}</option>
                  ))}
                </select>
                <span className="flex items-center gap-2">
                  <input type="time" aria-label={t("opens")} value={interval.open} onChange={(event) => setOpening(index, { open: event.target.value })} className={`${controlClass} w-32`} />
                  <span aria-hidden>–</span>
                  <input type="time" aria-label={t("closes")} value={interval.close} onChange={(event) => setOpening(index, { close: event.target.value })} className={`${controlClass} w-32`} />
                </span>
                <button type="button" className={secondaryButtonClass} onClick={() => setHours({ ...hours, weekly: hours.weekly.filter((_, i) => i !== index) })}>
                  {t("remove")}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className={secondaryButtonClass} onClick={() => setHours({ ...hours, weekly: [...hours.weekly, { day: "mon", open: "09:00", close: "17:00" }] })}>
            {t("addInterval")}
          </button>
          <div className="space-y-2">
            <p className="text-sm">{t("holidays")}</p>
            <ul className="flex flex-wrap gap-2">
              {hours.holidays.map((date) => (
                <li key={date} className="flex items-center gap-1 rounded bg-slate-100 px-2 py-1 text-sm dark:bg-slate-800">
                  {date}
                  <button type="button" aria-label={`${t("remove")} ${date}`} className="px-1" onClick={() => setHours({ ...hours, holidays: hours.holidays.filter((d) => d !== date) })}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <div className="flex items-center gap-2">
              <input type="date" aria-label={t("addHoliday")} value={holiday} onChange={(event) => setHoliday(event.target.value)} className={`${controlClass} w-44`} />
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={!holiday}
                onClick={() => {
                  setHours({ ...hours, holidays: [...new Set([...hours.holidays, holiday])].sort() });
                  setHoliday("");
                }}
              >
                {t("addHoliday")}
              </button>
            </div>
          </div>
        </>
      )}
      <button type="button" className={buttonClass} disabled={props.saving} onClick={() => props.onSave(hours)}>
        {t("save")} · {t("businessHours")}
      </button>
    </fieldset>
  );
}

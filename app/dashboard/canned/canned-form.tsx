"use client";
import { cannedLimits, type SharedCannedInput } from "@/server/contracts/inbox";
import { inputClass } from "../_components/ui";
import { useCannedT } from "./canned-i18n";

/** The fields of one shared canned response; `idPrefix` keeps labels unique when several forms are on the page. */
export function CannedFields({ idPrefix, initial }: { idPrefix: string; initial?: SharedCannedInput }) {
  const t = useCannedT();
  return (
    <div className="grid gap-3 md:grid-cols-[12rem_1fr]">
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-shortcut`} className="block text-sm font-medium">{t("shortcut")}</label>
        <div className="flex items-center">
          <span aria-hidden className="rounded-l-lg border border-r-0 border-slate-300 bg-slate-100 px-2 py-2 font-mono text-sm text-slate-500 dark:border-slate-700 dark:bg-slate-800">/</span>
          <input
            id={`${idPrefix}-shortcut`}
            name="shortcut"
            required
            maxLength={cannedLimits.shortcut}
            aria-describedby={`${idPrefix}-shortcut-hint`}
            defaultValue={initial?.shortcut}
            className={`${inputClass} rounded-l-none font-mono`}
          />
        </div>
        <p id={`${idPrefix}-shortcut-hint`} className="text-xs text-slate-500 dark:text-slate-400">{t("shortcutHint")}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-title`} className="block text-sm font-medium">{t("titleField")}</label>
        <input id={`${idPrefix}-title`} name="title" required maxLength={cannedLimits.title} defaultValue={initial?.title} className={inputClass} />
      </div>
      <div className="space-y-1 md:col-span-2">
        <label htmlFor={`${idPrefix}-body`} className="block text-sm font-medium">{t("body")}</label>
        <textarea id={`${idPrefix}-body`} name="body" required rows={3} maxLength={cannedLimits.body} defaultValue={initial?.body} className={inputClass} />
      </div>
    </div>
  );
}

/** The form's values, as the procedures take them. */
export function readCannedForm(form: HTMLFormElement): SharedCannedInput {
  const data = new FormData(form);
  return { shortcut: String(data.get("shortcut") ?? ""), title: String(data.get("title") ?? ""), body: String(data.get("body") ?? "") };
}

"use client";
import { cannedLimits, type SharedCannedInput } from "@/server/contracts/inbox";
import { inputClass } from "../_components/ui";
import { useCannedT } from "./canned-i18n";
import { Input, Textarea } from "@/app/_components/ui";

/** The fields of one shared canned response; `idPrefix` keeps labels unique when several forms are on the page. */
export function CannedFields({ idPrefix, initial }: { idPrefix: string; initial?: SharedCannedInput }) {
  const t = useCannedT();
  return (
    <div className="grid gap-3 md:grid-cols-[12rem_1fr]">
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-shortcut`} className="block text-sm font-medium">
          {t("shortcut")}
        </label>
        <div className="flex items-center">
          <span
            aria-hidden
            className="rounded-l-control border border-r-0 border-line bg-surface-muted px-2 py-2 font-mono text-sm text-muted"
          >
            /
          </span>
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
        <p id={`${idPrefix}-shortcut-hint`} className="text-xs text-muted">
          {t("shortcutHint")}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-title`} className="block text-sm font-medium">
          {t("titleField")}
        </label>
        <Input id={`${idPrefix}-title`} name="title" required maxLength={cannedLimits.title} defaultValue={initial?.title} />
      </div>
      <div className="space-y-1 md:col-span-2">
        <label htmlFor={`${idPrefix}-body`} className="block text-sm font-medium">
          {t("body")}
        </label>
        <Textarea id={`${idPrefix}-body`} name="body" required rows={3} maxLength={cannedLimits.body} defaultValue={initial?.body} />
      </div>
    </div>
  );
}

/** The form's values, as the procedures take them. */
export function readCannedForm(form: HTMLFormElement): SharedCannedInput {
  const data = new FormData(form);
  return { shortcut: String(data.get("shortcut") ?? ""), title: String(data.get("title") ?? ""), body: String(data.get("body") ?? "") };
}

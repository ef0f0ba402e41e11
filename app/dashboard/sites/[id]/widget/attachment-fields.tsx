"use client";
import { attachmentTypes } from "@/server/contracts/attachments";
import { Card } from "../../../_components/ui";
import type { SettingsProps } from "./appearance-fields";
import { Input } from "@/app/_components/ui";

const megabyte = 1024 * 1024;

/** Uploads from the widget and the inbox: on/off, the size cap (stored in bytes, edited in MB) and the allowed types. */
export function AttachmentFields({ draft, change, t }: SettingsProps) {
  const attachments = draft.attachments;
  const set = (patch: Partial<typeof attachments>) => change({ attachments: { ...attachments, ...patch } });
  return (
    <Card title={t("attachments")}>
      <div className="grid gap-4">
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            role="switch"
            aria-checked={attachments.enabled}
            className="h-4 w-4"
            checked={attachments.enabled}
            onChange={(event) => set({ enabled: event.target.checked })}
          />
          {t("attachmentsEnabled")}
        </label>
        <div className="w-40 space-y-1">
          <label htmlFor="widget-max-size" className="block text-sm font-medium">
            {t("maxSize")}
          </label>
          <Input
            id="widget-max-size"
            type="number"
            min={0.1}
            max={100}
            step={0.1}
            disabled={!attachments.enabled}
            value={Math.round((attachments.maxBytes / megabyte) * 10) / 10}
            onChange={(event) => set({ maxBytes: Math.round(Number(event.target.value) * megabyte) })}
          />
        </div>
        <fieldset className="space-y-2" disabled={!attachments.enabled}>
          <legend className="text-sm font-medium">{t("allowedTypes")}</legend>
          <div className="grid gap-1 text-sm sm:grid-cols-3">
            {attachmentTypes.map((type) => (
              <label key={type} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  className="h-4 w-4"
                  checked={attachments.allowedTypes.includes(type)}
                  onChange={(event) =>
                    set({
                      allowedTypes: event.target.checked
                        ? attachmentTypes.filter((known) => known === type || attachments.allowedTypes.includes(known))
                        : attachments.allowedTypes.filter((known) => known !== type),
                    })
                  }
                />
                <code className="text-xs">{type}</code>
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </Card>
  );
}

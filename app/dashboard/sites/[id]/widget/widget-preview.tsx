"use client";
import { useEffect, useState } from "react";
import { widgetSettingsSchema, type WidgetSettings } from "@/server/contracts/widget-settings";
import { useLocale } from "@/app/_lib/i18n";
import type { WidgetT } from "./widget-i18n";

function firstProblem(settings: WidgetSettings): string | null {
  const parsed = widgetSettingsSchema.safeParse(settings);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join(".")}: ${issue.message}`;
}

/**
 * The real widget (loader.js and the panel) with the unsaved settings, in a frame of /widget/preview: it reloads
 * shortly after each change. Settings that would not save pause it, with the reason, rather than showing a guess.
 */
export function WidgetPreview({ siteKey, draft, t }: { siteKey: string; draft: WidgetSettings; t: WidgetT }) {
  const locale = useLocale();
  const [open, setOpen] = useState(true);
  const [offline, setOffline] = useState(false);
  const problem = firstProblem(draft);
  const wanted = problem
    ? null
    : `/widget/preview?${new URLSearchParams({ site: siteKey, locale, open: open ? "1" : "0", preview: JSON.stringify({ ...draft, online: !offline }) })}`;
  const [src, setSrc] = useState(wanted);
  useEffect(() => {
    if (!wanted) return;
    // Typing reloads the frame once it pauses, not on every key.
    const timer = setTimeout(() => setSrc(wanted), 350);
    return () => clearTimeout(timer);
  }, [wanted]);

  return (
    <section aria-labelledby="widget-preview-title" className="space-y-3 rounded-card bg-surface p-5 shadow-sm ring-1 ring-line">
      <h2 id="widget-preview-title" className="text-lg font-semibold">
        {t("preview")}
      </h2>
      <p className="text-xs text-muted">{t("previewHelp")}</p>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" className="h-4 w-4" checked={open} onChange={(event) => setOpen(event.target.checked)} />
          {t("previewOpen")}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" className="h-4 w-4" checked={offline} onChange={(event) => setOffline(event.target.checked)} />
          {t("previewOffline")}
        </label>
      </div>
      {problem && <p className="text-sm text-amber-700 dark:text-amber-400">{t("previewPaused", { error: problem })}</p>}
      {/* A desktop-sized page (the widget goes full-screen below 640px), drawn at three quarters to fit the column. */}
      <div className="relative h-[570px] w-[480px] max-w-full overflow-hidden rounded-card ring-1 ring-line">
        {src && (
          <iframe
            title={t("previewTitle")}
            data-testid="widget-preview"
            src={src}
            className="absolute left-0 top-0 h-[760px] w-[640px] origin-top-left scale-75"
          />
        )}
      </div>
    </section>
  );
}

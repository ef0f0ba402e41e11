"use client";
import Link from "next/link";
import { useT } from "@/app/_lib/i18n";

/** What the demo page says: this is your website, the widget is the real one, and where to answer from. */
export function DemoIntro({ snippet }: { snippet: string }) {
  const t = useT();
  const link = "font-medium text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300";
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold">{t("demoTitle")}</h1>
      <p className="max-w-prose text-slate-600 dark:text-slate-300">{t("demoIntro")}</p>
      <pre
        data-testid="demo-snippet"
        className="overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-3 text-xs text-slate-100"
      >
        {snippet}
      </pre>
      <p className="max-w-prose text-slate-600 dark:text-slate-300">{t("demoAnswer")}</p>
      <p className="flex flex-wrap gap-4">
        <Link href="/login" className={link}>
          {t("signIn")}
        </Link>
        <Link href="/inbox" className={link}>
          {t("openInbox")}
        </Link>
        <Link href="/dashboard" className={link}>
          {t("openDashboard")}
        </Link>
      </p>
    </div>
  );
}

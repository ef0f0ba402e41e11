"use client";
import Link from "next/link";
import { useT } from "@/app/_lib/i18n";

export function DemoIntro() {
  const t = useT();
  return (
    <div className="flex-1 space-y-4">
      <h1 className="text-3xl font-bold">{t("demoTitle")}</h1>
      <p className="max-w-prose text-slate-600 dark:text-slate-300">{t("demoIntro")}</p>
      <p>
        <Link href="/inbox" className="font-medium text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300">
          {t("openInbox")}
        </Link>
      </p>
    </div>
  );
}

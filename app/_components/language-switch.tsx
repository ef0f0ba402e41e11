"use client";
import { useEffect, useState } from "react";
import { chooseLocale, chosenLocale, useT, type Locale } from "@/app/_lib/i18n";

/** Each person's own language for the inbox and dashboard; "Organization default" follows the organization's. */
export function LanguageSwitch({ className = "" }: { className?: string }) {
  const t = useT();
  const [choice, setChoice] = useState<Locale | "">("");
  useEffect(() => setChoice(chosenLocale() ?? ""), []);
  return (
    <select
      aria-label={t("interfaceLanguage")}
      value={choice}
      onChange={(event) => {
        const next = event.target.value as Locale | "";
        setChoice(next);
        chooseLocale(next || null);
      }}
      className={`rounded-md border border-slate-300 bg-white px-1 py-1 text-sm dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      <option value="">{t("languageFollowOrganization")}</option>
      <option value="en">English</option>
      <option value="zh-CN">简体中文</option>
    </select>
  );
}

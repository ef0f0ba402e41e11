"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDashboardT } from "./_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { setOrganizationLanguage } from "../_lib/locale";
import { buttonClass, Card, ErrorText, Field, inputClass, SavedText } from "./_components/ui";
import { TimeZoneOptions } from "./_components/time-zones";

export default function OrganizationPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organization = useQuery(trpc.admin.organization.get.queryOptions());
  const update = useMutation(
    trpc.admin.organization.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.admin.organization.get.queryKey(), saved);
        setOrganizationLanguage(saved.defaultLanguage);
      },
    }),
  );
  const [saved, setSaved] = useState(false);
  if (!organization.data) return <ErrorText error={organization.error} />;
  const current = organization.data;

  return (
    <>
      <h1 className="text-2xl font-bold">{t("organization")}</h1>
      <Card title={current.name}>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("orgIntro")}</p>
        <form
          key={`${current.name}|${current.defaultLanguage}|${current.timezone}`}
          className="grid max-w-xl gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            setSaved(false);
            update.mutate(
              {
                name: String(form.get("name")),
                defaultLanguage: String(form.get("defaultLanguage")) as "en" | "zh-CN",
                timezone: String(form.get("timezone")),
              },
              { onSuccess: () => setSaved(true) },
            );
          }}
        >
          <Field id="org-name" label={t("name")}>
            <input id="org-name" name="name" required maxLength={200} defaultValue={current.name} className={inputClass} />
          </Field>
          <Field id="org-language" label={t("language")}>
            <select id="org-language" name="defaultLanguage" defaultValue={current.defaultLanguage} className={inputClass}>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          </Field>
          <Field id="org-timezone" label={t("timezone")}>
            <input id="org-timezone" name="timezone" list="time-zones" required maxLength={64} defaultValue={current.timezone} className={inputClass} />
            <TimeZoneOptions id="time-zones" />
          </Field>
          <ErrorText error={update.error} />
          <div className="flex items-center gap-3">
            <button type="submit" disabled={update.isPending} className={buttonClass}>
              {t("save")}
            </button>
            <SavedText show={saved} text={t("saved")} />
          </div>
        </form>
      </Card>
    </>
  );
}

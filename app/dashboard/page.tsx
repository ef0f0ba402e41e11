"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useDashboardT } from "./_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { setOrganizationLanguage } from "../_lib/locale";
import { Card, ErrorText, Field, SavedText } from "./_components/ui";
import { TimeZoneOptions } from "./_components/time-zones";
import { Button, Input, Select } from "@/app/_components/ui";

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
        <p className="text-sm text-muted">{t("orgIntro")}</p>
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
            <Input id="org-name" name="name" required maxLength={200} defaultValue={current.name} />
          </Field>
          <Field id="org-language" label={t("language")}>
            <Select id="org-language" name="defaultLanguage" defaultValue={current.defaultLanguage} className="w-full">
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </Select>
          </Field>
          <Field id="org-timezone" label={t("timezone")}>
            <Input id="org-timezone" name="timezone" list="time-zones" required maxLength={64} defaultValue={current.timezone} />
            <TimeZoneOptions id="time-zones" />
          </Field>
          <ErrorText error={update.error} />
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={update.isPending}>
              {t("save")}
            </Button>
            <SavedText show={saved} text={t("saved")} />
          </div>
        </form>
      </Card>
    </>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field } from "../_components/ui";
import { linesOf, SiteCard } from "./site-card";
import { Button, Input, Textarea } from "@/app/_components/ui";

export default function SitesPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sites = useQuery(trpc.admin.sites.list.queryOptions());
  const teams = useQuery(trpc.admin.teams.list.queryOptions());
  const create = useMutation(
    trpc.admin.sites.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.sites.list.queryKey() }),
    }),
  );

  return (
    <>
      <h1 className="text-2xl font-bold">{t("sites")}</h1>
      <Card title={t("newSite")}>
        <form
          className="grid max-w-xl gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const formElement = event.currentTarget;
            const form = new FormData(formElement);
            create.mutate(
              { name: String(form.get("name")), allowedOrigins: linesOf(String(form.get("allowedOrigins"))) },
              { onSuccess: () => formElement.reset() },
            );
          }}
        >
          <Field id="new-site-name" label={t("name")}>
            <Input id="new-site-name" name="name" required maxLength={200} />
          </Field>
          <Field id="new-site-origins" label={t("allowedOrigins")}>
            <Textarea id="new-site-origins" name="allowedOrigins" rows={2} />
          </Field>
          <ErrorText error={create.error} />
          <div>
            <Button type="submit" disabled={create.isPending}>
              {t("create")}
            </Button>
          </div>
        </form>
      </Card>
      <ErrorText error={sites.error} />
      {sites.data
        ?.slice()
        .reverse()
        .map((site) => (
          <SiteCard key={site.id} site={site} teams={teams.data} t={t} />
        ))}
    </>
  );
}

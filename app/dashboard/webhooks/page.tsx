"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { webhookEvents } from "@/server/contracts/webhooks";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, CopyButton, ErrorText, Field } from "../_components/ui";
import { WebhookCard } from "./webhook-card";
import { Button, Input } from "@/app/_components/ui";

export default function WebhooksPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery(trpc.admin.webhooks.list.queryOptions());
  const create = useMutation(
    trpc.admin.webhooks.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.webhooks.list.queryKey() }),
    }),
  );

  return (
    <>
      <h1 className="text-2xl font-bold">{t("webhooks")}</h1>
      <Card title={t("newWebhook")}>
        <form
          className="grid max-w-xl gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            create.mutate({ url: String(form.get("url")), events: form.getAll("events").map(String) as (typeof webhookEvents)[number][] });
          }}
        >
          <Field id="webhook-url" label={t("url")}>
            <Input id="webhook-url" name="url" type="url" required maxLength={2048} placeholder="https://" />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium">{t("events")}</legend>
            <div className="mt-1 flex flex-wrap gap-3">
              {webhookEvents.map((event) => (
                <label key={event} className="flex items-center gap-1 text-sm">
                  <input type="checkbox" name="events" value={event} defaultChecked />
                  {event}
                </label>
              ))}
            </div>
          </fieldset>
          <ErrorText error={create.error} />
          <div>
            <Button type="submit" disabled={create.isPending}>
              {t("create")}
            </Button>
          </div>
        </form>
        {create.data && (
          <div className="space-y-2 rounded-control bg-amber-50 p-3 text-sm ring-1 ring-amber-200 dark:bg-amber-950 dark:ring-amber-800">
            <p>{t("secretOnce")}</p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all rounded-control bg-surface px-2 py-1">{create.data.secret}</code>
              <CopyButton text={create.data.secret} label={t("copy")} doneLabel={t("copied")} />
            </div>
          </div>
        )}
      </Card>
      <ErrorText error={webhooks.error} />
      {webhooks.data?.map((webhook) => (
        <WebhookCard key={webhook.id} webhook={webhook} t={t} />
      ))}
    </>
  );
}

"use client";
import { formatDateTime } from "../../../client/format-time.ts";
import { useLocale } from "../../_lib/locale.ts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText } from "../_components/ui";
import { Button } from "@/app/_components/ui";

type Webhook = { id: string; url: string; events: string[]; active: boolean };

export function WebhookCard({ webhook, t }: { webhook: Webhook; t: DashboardT }) {
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshList = () => queryClient.invalidateQueries({ queryKey: trpc.admin.webhooks.list.queryKey() });
  // The log moves on its own (retries, new events): keep it current while the page is open.
  const deliveries = useQuery({
    ...trpc.admin.webhooks.deliveries.queryOptions({ webhookId: webhook.id, limit: 20 }),
    refetchInterval: 5000,
  });
  const update = useMutation(trpc.admin.webhooks.update.mutationOptions({ onSuccess: refreshList }));
  const remove = useMutation(trpc.admin.webhooks.delete.mutationOptions({ onSuccess: refreshList }));
  const test = useMutation(trpc.admin.webhooks.sendTest.mutationOptions({ onSuccess: () => deliveries.refetch() }));

  return (
    <Card
      title={<span className="break-all">{webhook.url}</span>}
      actions={
        <div className="flex flex-wrap gap-2">
          <label className="flex items-center gap-1 text-sm">
            <input
              type="checkbox"
              checked={webhook.active}
              onChange={(event) => update.mutate({ id: webhook.id, active: event.target.checked })}
            />
            {t("active")}
          </label>
          <Button variant="secondary" type="button" onClick={() => test.mutate({ id: webhook.id })}>
            {t("sendTest")}
          </Button>
          <Button variant="secondary" type="button" onClick={() => deliveries.refetch()}>
            ↻ {t("deliveries")}
          </Button>
          <Button variant="danger" type="button" onClick={() => remove.mutate({ id: webhook.id })}>
            {t("delete")}
          </Button>
        </div>
      }
    >
      <p className="text-sm">
        {t("events")}: {webhook.events.join(", ")}
      </p>
      <ErrorText error={update.error ?? remove.error ?? test.error ?? deliveries.error} />
      {deliveries.data?.length === 0 && <p className="text-sm">{t("noDeliveries")}</p>}
      {!!deliveries.data?.length && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t("deliveries")}</caption>
            <thead>
              <tr className="border-b border-line">
                <th className="py-2 pr-3">{t("when")}</th>
                <th className="py-2 pr-3">{t("events")}</th>
                <th className="py-2 pr-3">{t("status")}</th>
                <th className="py-2 pr-3">HTTP</th>
                <th className="py-2">{t("attempts")}</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <tr key={delivery.id} className="border-b border-line">
                  <td className="py-2 pr-3">{formatDateTime(delivery.createdAt, locale)}</td>
                  <td className="py-2 pr-3">{delivery.event}</td>
                  <td className="py-2 pr-3" title={delivery.lastError ?? undefined}>
                    {delivery.status}
                  </td>
                  <td className="py-2 pr-3">{delivery.lastStatusCode ?? "—"}</td>
                  <td className="py-2">{delivery.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

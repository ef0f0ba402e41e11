"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useDashboardT } from "../_lib/i18n";
import { formatDateTime } from "../../../client/format-time.ts";
import { useLocale } from "../../_lib/locale.ts";
import { AuditDetails, targetOf, verbOf } from "./audit-line";
import { useAuditWords } from "./audit-words";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { Card, ErrorText } from "../_components/ui";
import { Button, Input, Select } from "@/app/_components/ui";

const pageSize = 50;

export default function AuditPage() {
  const t = useDashboardT();
  const w = useAuditWords();
  const locale = useLocale();
  const trpc = useTRPC();
  const [filter, setFilter] = useState<{ action?: string; actorId?: string }>({});
  const agents = useQuery(trpc.admin.agents.list.queryOptions());
  const names = new Map(agents.data?.map((agent) => [agent.id, agent.name]));
  const client = useTRPCClient();
  // Pages back by time: each "older" page asks for entries before the last one shown.
  const audit = useInfiniteQuery({
    queryKey: [...trpc.admin.audit.list.queryKey(), filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => client.admin.audit.list.query({ ...filter, ...(pageParam ? { before: pageParam } : {}), limit: pageSize }),
    getNextPageParam: (last) => (last.length === pageSize ? last.at(-1)!.createdAt : undefined),
  });
  const rows = audit.data?.pages.flat() ?? [];

  return (
    <>
      <h1 className="text-2xl font-bold">{t("auditLog")}</h1>
      <Card title={t("filter")}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const action = String(form.get("action")).trim();
            const actorId = String(form.get("actorId"));
            setFilter({ ...(action ? { action } : {}), ...(actorId ? { actorId } : {}) });
          }}
        >
          <div className="space-y-1">
            <label htmlFor="audit-action" className="block text-sm font-medium">
              {t("filterAction")}
            </label>
            <Input id="audit-action" name="action" maxLength={64} placeholder="site." />
          </div>
          <div className="space-y-1">
            <label htmlFor="audit-actor" className="block text-sm font-medium">
              {t("actor")}
            </label>
            <Select id="audit-actor" name="actorId" className="w-full">
              <option value="">{t("allOption")}</option>
              {agents.data?.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit">{t("filter")}</Button>
        </form>
      </Card>
      <Card title={t("auditLog")}>
        <ErrorText error={audit.error} />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-line text-muted">
                <th className="py-2 pr-3">{t("when")}</th>
                <th className="py-2 pr-3">{t("actor")}</th>
                <th className="py-2 pr-3">{t("action")}</th>
                <th className="py-2 pr-3">{t("target")}</th>
                <th className="py-2">{t("details")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="audit-row" className="border-b border-line align-top">
                  <td className="whitespace-nowrap py-2 pr-3">{formatDateTime(row.createdAt, locale)}</td>
                  <td className="py-2 pr-3">
                    {row.actorId ? (row.names[row.actorId] ?? names.get(row.actorId) ?? w("deleted")) : t("system")}
                  </td>
                  <td className="py-2 pr-3" title={row.action}>
                    {verbOf(row.action, w)}
                  </td>
                  <td className="py-2 pr-3">{targetOf(row, w)}</td>
                  <td className="max-w-md py-2">
                    <AuditDetails row={row} w={w} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {audit.isSuccess && rows.length === 0 && <p className="text-body text-muted">{w("empty")}</p>}
        {audit.hasNextPage && (
          <Button variant="secondary" type="button" disabled={audit.isFetchingNextPage} onClick={() => audit.fetchNextPage()}>
            {t("olderEntries")}
          </Button>
        )}
      </Card>
    </>
  );
}

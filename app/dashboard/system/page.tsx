"use client";
import { formatDateTime } from "../../../client/format-time.ts";
import { useLocale } from "../../_lib/locale.ts";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Card, ErrorText } from "../_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { ReleasesCard } from "./releases-card";
import { useSystemT } from "./system-i18n";

/** A safety net only: the subscription below brings every join and leave within milliseconds. */
const refreshMs = 30_000;

/** Read-only view of the node registry: which processes serve, how loaded each is, live. */
export default function SystemPage() {
  const t = useSystemT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nodes = useQuery({ ...trpc.admin.system.nodes.queryOptions(), refetchInterval: refreshMs });
  useSubscription(
    trpc.admin.system.onNodes.subscriptionOptions(undefined, {
      onData: (list) => queryClient.setQueryData(trpc.admin.system.nodes.queryKey(), list),
    }),
  );
  const rows = nodes.data ?? [];
  const connections = rows.reduce((sum, node) => sum + node.connections, 0);

  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Card title={t("nodesTitle")}>
        <p className="text-sm text-muted">{t("intro")}</p>
        <ErrorText error={nodes.error} />
        {nodes.data && rows.length === 0 && <p className="text-sm">{t("none")}</p>}
        {rows.length > 0 && (
          <>
            <p role="status" className="text-sm font-medium">
              {t(rows.length === 1 ? "totalOne" : "total", { nodes: String(rows.length), connections: String(connections) })}
            </p>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-line">
                    <th scope="col" className="py-2 pr-3">
                      {t("node")}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t("address")}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t("pid")}
                    </th>
                    <th scope="col" className="py-2 pr-3">
                      {t("started")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right">
                      {t("connections")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right">
                      {t("eventLoop")}
                    </th>
                    <th scope="col" className="py-2 pr-3 text-right">
                      {t("memory")}
                    </th>
                    <th scope="col" className="py-2">
                      {t("lastSeen")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((node) => (
                    <tr key={node.id} data-testid="node-row" className="border-b border-line">
                      <td className="py-2 pr-3 font-mono text-xs">{node.id.slice(-8)}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{node.address}</td>
                      <td className="py-2 pr-3">{node.pid}</td>
                      <td className="whitespace-nowrap py-2 pr-3">{formatDateTime(node.startedAt, locale)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{node.connections}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{Math.round(node.eventLoopUtilization * 100)} %</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{Math.round(node.rssBytes / 1024 / 1024)} MB</td>
                      <td className="whitespace-nowrap py-2">{new Date(node.announcedAt).toLocaleTimeString(locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>
      <ReleasesCard />
    </>
  );
}

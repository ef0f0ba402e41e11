"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/app/_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText } from "../_components/ui";
import type { BotT } from "./bot-i18n";

const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

/** The bot's last 30 days on this site. */
export function BotReportCard({ siteId, t }: { siteId: string; t: BotT }) {
  const shared = useT();
  const trpc = useTRPC();
  const [range] = useState(() => ({
    from: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    to: new Date(Date.now() + 60_000).toISOString(),
  }));
  const report = useQuery(trpc.admin.bot.report.queryOptions({ ...range, siteId }));
  if (!report.data) return <ErrorText error={report.error} />;
  const data = report.data;
  const figures: [string, string][] = [
    [t("reportConversations"), String(data.conversations)],
    [t("botResolvedShare"), percent(data.botResolvedShare)],
    [t("handoffRate"), percent(data.handoffRate)],
    [t("averageTurns"), data.averageBotTurnsBeforeHandoff === null ? "—" : data.averageBotTurnsBeforeHandoff.toFixed(1)],
  ];
  const reasons = Object.entries(data.reasons).filter(([, count]) => count > 0);
  return (
    <Card title={t("report")}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="bot-report">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-card bg-surface-muted p-3 ring-1 ring-line">
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="text-xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      {reasons.length > 0 && (
        <div>
          <h3 className="text-sm font-medium">{t("handoffReasons")}</h3>
          <ul className="mt-1 space-y-0.5 text-sm">
            {reasons.map(([reason, count]) => (
              <li key={reason}>
                {shared(`handoff_${reason}` as Parameters<typeof shared>[0])}: {count}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

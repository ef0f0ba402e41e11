"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_lib/trpc";
import { ErrorText, Field } from "../_components/ui";
import { BotConfigForm } from "./config-form";
import { DocumentsEditor } from "./documents-editor";
import { FaqEditor } from "./faq-editor";
import { BotReportCard } from "./report-card";
import { TestBox } from "./test-box";
import { useBotT } from "./bot-i18n";
import { Select } from "@/app/_components/ui";

/** The site's bot: settings and endpoint, its FAQ and documents, and a box to try it. */
export default function BotPage() {
  const t = useBotT();
  const trpc = useTRPC();
  const sites = useQuery(trpc.admin.sites.list.queryOptions());
  const usage = useQuery(trpc.admin.bot.usage.queryOptions());
  const [picked, setPicked] = useState<string | null>(null);
  const siteId = picked ?? sites.data?.[0]?.id ?? null;
  const totals = (usage.data ?? []).reduce(
    (sum, row) => ({ calls: sum.calls + row.calls, tokens: sum.tokens + row.promptTokens + row.completionTokens }),
    { calls: 0, tokens: 0 },
  );

  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <ErrorText error={sites.error} />
      {sites.data && sites.data.length === 0 && <p>{t("noSites")}</p>}
      {sites.data && sites.data.length > 1 && (
        <div className="max-w-xs">
          <Field id="bot-site" label={t("site")}>
            <Select id="bot-site" className="w-full" value={siteId ?? ""} onChange={(event) => setPicked(event.target.value)}>
              {sites.data.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      {siteId && (
        <div key={siteId} className="space-y-6">
          <BotConfigForm siteId={siteId} t={t} />
          <TestBox siteId={siteId} t={t} />
          <FaqEditor siteId={siteId} t={t} />
          <DocumentsEditor siteId={siteId} t={t} />
          <BotReportCard siteId={siteId} t={t} />
          <p className="text-sm text-muted" data-testid="bot-usage">
            {t("usage", { tokens: String(totals.tokens), calls: String(totals.calls) })}
          </p>
        </div>
      )}
    </>
  );
}

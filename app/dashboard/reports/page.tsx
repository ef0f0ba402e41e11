"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { Card, ErrorText } from "../_components/ui";
import { Heatmap } from "./heatmap";
import { VolumeChart } from "./volume-chart";
import { Button, Input, Select } from "@/app/_components/ui";

const day = 24 * 60 * 60 * 1000;
const isoDate = (at: Date) => at.toISOString().slice(0, 10);
/** A whole local day range: from the start of `from` to the end of `to`. */
const rangeOf = (from: string, to: string) => ({
  from: new Date(`${from}T00:00:00`).toISOString(),
  to: new Date(new Date(`${to}T00:00:00`).getTime() + day).toISOString(),
});
const duration = (seconds: number | null) =>
  seconds === null
    ? "—"
    : seconds < 60
      ? `${seconds}s`
      : seconds < 3600
        ? `${Math.round(seconds / 60)}m`
        : `${(seconds / 3600).toFixed(1)}h`;

type Filters = { from: string; to: string; siteId?: string; teamId?: string; agentId?: string };

export default function ReportsPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const sites = useQuery(trpc.admin.sites.list.queryOptions());
  const teams = useQuery(trpc.admin.teams.list.queryOptions());
  const agents = useQuery(trpc.admin.agents.list.queryOptions());
  const organization = useQuery(trpc.admin.organization.get.queryOptions());
  const [defaults] = useState(() => ({ from: isoDate(new Date(Date.now() - 29 * day)), to: isoDate(new Date()) }));
  const [filters, setFilters] = useState<Filters>(() => rangeOf(defaults.from, defaults.to));
  // Days and the heatmap are counted in the organization's time zone.
  const input = { ...filters, timezone: organization.data?.timezone ?? "UTC" };
  const report = useQuery(trpc.admin.reports.conversations.queryOptions(input, { enabled: organization.isSuccess }));

  async function downloadCsv() {
    const csv = await client.admin.reports.conversationsCsv.query(input);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    link.download = `parley-conversations-${input.from.slice(0, 10)}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const select = (name: string, label: string, options: { id: string; name: string }[] | undefined) => (
    <div className="space-y-1">
      <label htmlFor={`report-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <Select id={`report-${name}`} name={name} className="w-full">
        <option value="">{t("allOption")}</option>
        {options?.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </Select>
    </div>
  );
  const data = report.data;

  return (
    <>
      <h1 className="text-2xl font-bold">{t("reports")}</h1>
      <Card title={t("filter")}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const pick = (name: string) => String(form.get(name) ?? "") || undefined;
            setFilters({
              ...rangeOf(String(form.get("from")), String(form.get("to"))),
              siteId: pick("siteId"),
              teamId: pick("teamId"),
              agentId: pick("agentId"),
            });
          }}
        >
          <div className="space-y-1">
            <label htmlFor="report-from" className="block text-sm font-medium">
              {t("from")}
            </label>
            <Input id="report-from" name="from" type="date" required defaultValue={defaults.from} />
          </div>
          <div className="space-y-1">
            <label htmlFor="report-to" className="block text-sm font-medium">
              {t("to")}
            </label>
            <Input id="report-to" name="to" type="date" required defaultValue={defaults.to} />
          </div>
          {select("siteId", t("site"), sites.data)}
          {select("teamId", t("team"), teams.data)}
          {select("agentId", t("agent"), agents.data)}
          <Button type="submit">{t("filter")}</Button>
          <Button variant="secondary" type="button" onClick={() => void downloadCsv()}>
            {t("csv")}
          </Button>
        </form>
        <ErrorText error={report.error} />
        {report.isLoading && <p className="text-sm">{t("loading")}</p>}
      </Card>
      {data && (
        <>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {[
              [t("volume"), String(data.volume.total)],
              [
                t("firstResponse"),
                `${duration(data.firstResponseSeconds.median)} · ${t("p90")} ${duration(data.firstResponseSeconds.p90)}`,
              ],
              [t("resolution"), `${duration(data.resolutionSeconds.median)} · ${t("p90")} ${duration(data.resolutionSeconds.p90)}`],
              [t("missed"), String(data.missed)],
              [t("csat"), data.csat.average === null ? "—" : `${data.csat.average.toFixed(2)} / 5 · ${data.csat.count}`],
            ].map(([label, value]) => (
              <div key={label} className="rounded-card bg-surface p-4 shadow-sm ring-1 ring-line">
                <dt className="text-sm text-muted">{label}</dt>
                <dd className="mt-1 text-xl font-semibold" data-testid={`figure-${label}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <Card title={t("perDay")}>
            <VolumeChart perDay={data.volume.perDay} label={t("volume")} />
          </Card>
          <Card title={t("perAgent")}>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-line">
                    <th className="py-2 pr-3">{t("agent")}</th>
                    <th className="py-2 pr-3">{t("volume")}</th>
                    <th className="py-2 pr-3">{t("resolved")}</th>
                    <th className="py-2 pr-3">
                      {t("firstResponse")} ({t("median")} / {t("p90")})
                    </th>
                    <th className="py-2">
                      {t("resolution")} ({t("median")} / {t("p90")})
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.perAgent.map((row) => (
                    <tr key={row.agentId} className="border-b border-line">
                      <td className="py-2 pr-3">{row.name}</td>
                      <td className="py-2 pr-3">{row.conversations}</td>
                      <td className="py-2 pr-3">{row.resolved}</td>
                      <td className="py-2 pr-3">
                        {duration(row.firstResponse.median)} / {duration(row.firstResponse.p90)}
                      </td>
                      <td className="py-2">
                        {duration(row.resolution.median)} / {duration(row.resolution.p90)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
          <Card title={t("heatmap")}>
            <Heatmap heatmap={data.heatmap} t={t} />
          </Card>
        </>
      )}
    </>
  );
}

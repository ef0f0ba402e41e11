"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Card, controlClass, ErrorText } from "../_components/ui";
import { useTRPC } from "@/app/_lib/trpc";
import { useSystemT } from "./system-i18n";
import { Button } from "@/app/_components/ui";

const refreshMs = 5_000;
type Release = {
  id: string;
  status: "stable" | "candidate" | "retired" | "rolled_back";
  percent: number;
  builtAt: string;
  rolledBackAt: string | null;
  rollbackReason: string | null;
  rolledBackAutomatically: boolean;
  devices: number;
  failedDevices: number;
  errorRate: number;
};

const badgeClass: Record<Release["status"], string> = {
  stable: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  candidate: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  retired: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  rolled_back: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
};

const percentText = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/** Dashboard → System → Releases: the split between stable and the candidate, each release's sample, and the controls. */
export function ReleasesCard() {
  const t = useSystemT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const releases = useQuery({ ...trpc.admin.system.releases.list.queryOptions(), refetchInterval: refreshMs });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.system.releases.list.queryKey() });
  const promote = useMutation(trpc.admin.system.releases.promote.mutationOptions({ onSuccess: refresh }));
  const rollback = useMutation(trpc.admin.system.releases.rollback.mutationOptions({ onSuccess: refresh }));
  const rows = (releases.data ?? []) as Release[];
  const stable = rows.find((row) => row.status === "stable");
  const candidate = rows.find((row) => row.status === "candidate" && row.percent > 0);
  const candidateShare = candidate?.percent ?? 0;

  return (
    <Card title={t("releasesTitle")}>
      <p className="text-sm text-muted">{t("releasesIntro")}</p>
      <ErrorText error={releases.error ?? promote.error ?? rollback.error} />
      {releases.data && rows.length === 0 && <p className="text-sm">{t("noReleases")}</p>}
      {stable && (
        <div className="space-y-1">
          <p data-testid="release-split" className="text-sm font-medium">
            {candidate
              ? t("split", {
                  stable: stable.id,
                  stablePercent: String(100 - candidateShare),
                  candidate: candidate.id,
                  candidatePercent: String(candidateShare),
                })
              : t("splitStableOnly", { stable: stable.id })}
          </p>
          <div className="flex h-3 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden="true">
            <div className="bg-emerald-500" style={{ width: `${100 - candidateShare}%` }} />
            <div className="bg-amber-500" style={{ width: `${candidateShare}%` }} />
          </div>
        </div>
      )}
      <ul className="space-y-3">
        {rows.map((row) => (
          <ReleaseRow
            key={row.id}
            release={row}
            busy={promote.isPending || rollback.isPending}
            otherRollingOut={Boolean(candidate && candidate.id !== row.id)}
            onPromote={(percent) => promote.mutate({ id: row.id, percent })}
            onRollback={() => rollback.mutate({ id: row.id })}
          />
        ))}
      </ul>
    </Card>
  );
}

function ReleaseRow(props: {
  release: Release;
  busy: boolean;
  otherRollingOut: boolean;
  onPromote: (percent: number) => void;
  onRollback: () => void;
}) {
  const t = useSystemT();
  const { release } = props;
  const [percent, setPercent] = useState(release.status === "candidate" && release.percent > 0 ? Math.min(100, release.percent * 2) : 10);
  const canPromote = release.status !== "stable" && !props.otherRollingOut;
  const inputId = `release-percent-${release.id}`;
  const stats: [string, string][] = [
    [t("share"), `${release.status === "stable" || release.percent > 0 ? release.percent : 0} %`],
    [t("devices"), String(release.devices)],
    [t("failingDevices"), String(release.failedDevices)],
    [t("errorRate"), release.devices ? percentText(release.errorRate) : "–"],
    [t("built"), new Date(release.builtAt).toLocaleString()],
  ];
  return (
    <li data-testid="release-row" data-release={release.id} className="space-y-3 rounded-card p-3 ring-1 ring-line">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-semibold">{release.id}</span>
        <span data-testid="release-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ${badgeClass[release.status]}`}>
          {t(`status_${release.status}`)}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-5">
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {release.status === "rolled_back" && release.rolledBackAt && (
        <p className="text-sm text-red-700 dark:text-red-400" title={release.rollbackReason ?? undefined}>
          {release.rolledBackAutomatically
            ? t("rolledBackAuto", {
                when: new Date(release.rolledBackAt).toLocaleString(),
                rate: percentText(release.errorRate),
                devices: String(release.devices),
              })
            : t("rolledBackManual", { when: new Date(release.rolledBackAt).toLocaleString() })}
        </p>
      )}
      {canPromote && (
        <div className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor={inputId} className="block text-xs font-medium">
              {t("percentOfDevices")}
            </label>
            <input
              id={inputId}
              type="number"
              min={1}
              max={100}
              value={percent}
              onChange={(event) => setPercent(Math.max(1, Math.min(100, Math.round(Number(event.target.value) || 1))))}
              className={`${controlClass} w-24`}
            />
          </div>
          <Button type="button" disabled={props.busy} onClick={() => props.onPromote(percent)}>
            {release.status === "candidate" && release.percent > 0 ? t("widen") : t("promote")}
          </Button>
          <Button variant="secondary" type="button" disabled={props.busy} onClick={() => props.onPromote(100)}>
            {t("makeStable")}
          </Button>
          {release.status === "candidate" && (
            <Button variant="danger" type="button" disabled={props.busy} onClick={props.onRollback}>
              {t("rollBack")}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { changedFields } from "../_lib/changed-fields";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, CopyButton, ErrorText, SavedText, secondaryButtonClass } from "../_components/ui";
import { RoutingRules } from "./routing-rules";
import { Button, Input, Select, Textarea } from "@/app/_components/ui";

type Site = {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: string[];
  defaultTeamId: string | null;
  autoAssign: boolean;
  maxQueueLength: number;
  snippet: string;
};

export const linesOf = (text: string) => text.split(/\s+/).filter(Boolean);

type SiteFields = { name: string; allowedOrigins: string; defaultTeamId: string; autoAssign: boolean; maxQueueLength: string };

const fieldsOf = (site: Site): SiteFields => ({
  name: site.name,
  allowedOrigins: site.allowedOrigins.join("\n"),
  defaultTeamId: site.defaultTeamId ?? "",
  autoAssign: site.autoAssign,
  maxQueueLength: String(site.maxQueueLength),
});

/**
 * `teams` is undefined until the teams query answers: the default-team select is disabled meanwhile (it would show
 * "No team" for a site that has one), and a save sends only the fields that were changed.
 */
export function SiteCard({ site, teams, t }: { site: Site; teams: { id: string; name: string }[] | undefined; t: DashboardT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.admin.sites.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        return queryClient.invalidateQueries({ queryKey: trpc.admin.sites.list.queryKey() });
      },
    }),
  );
  const prefix = `site-${site.id}`;
  const loaded = fieldsOf(site);
  // The draft follows the stored site until the person edits a field; a refetch after saving resets it.
  const [draft, setDraft] = useState<{ base: string; fields: SiteFields }>({ base: JSON.stringify(site), fields: loaded });
  const fields = draft.base === JSON.stringify(site) ? draft.fields : loaded;
  const edit = (change: Partial<SiteFields>) => setDraft({ base: JSON.stringify(site), fields: { ...fields, ...change } });
  const changes = changedFields(loaded, fields);

  return (
    <Card
      title={site.name}
      actions={
        <Link href={`/dashboard/sites/${site.id}/widget`} className={secondaryButtonClass}>
          {t("widgetSettings")}
        </Link>
      }
    >
      <div data-testid="site-card" className="space-y-4">
        <p className="text-sm">
          {t("siteKey")}: <code className="rounded bg-surface-muted px-1">{site.siteKey}</code>
        </p>
        <div className="space-y-1">
          <p className="text-sm font-medium">{t("snippet")}</p>
          <div className="flex flex-wrap items-start gap-2">
            <pre
              data-testid="snippet"
              className="min-w-0 flex-1 whitespace-pre-wrap break-all rounded-control bg-slate-900 p-3 text-xs text-slate-100 ring-1 ring-slate-700 dark:bg-black"
            >
              {site.snippet}
            </pre>
            <CopyButton text={site.snippet} label={t("copy")} doneLabel={t("copied")} />
          </div>
        </div>
        <form
          className="grid max-w-xl gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            setSaved(false);
            update.mutate({
              id: site.id,
              ...(changes.name !== undefined && { name: changes.name }),
              ...(changes.allowedOrigins !== undefined && { allowedOrigins: linesOf(changes.allowedOrigins) }),
              ...(changes.defaultTeamId !== undefined && { defaultTeamId: changes.defaultTeamId || null }),
              ...(changes.autoAssign !== undefined && { autoAssign: changes.autoAssign }),
              ...(changes.maxQueueLength !== undefined && { maxQueueLength: Number(changes.maxQueueLength) }),
            });
          }}
        >
          <div className="space-y-1">
            <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">
              {t("name")}
            </label>
            <Input
              id={`${prefix}-name`}
              name="name"
              required
              maxLength={200}
              value={fields.name}
              onChange={(event) => edit({ name: event.target.value })}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${prefix}-origins`} className="block text-sm font-medium">
              {t("allowedOrigins")}
            </label>
            <Textarea
              id={`${prefix}-origins`}
              name="allowedOrigins"
              rows={3}
              value={fields.allowedOrigins}
              onChange={(event) => edit({ allowedOrigins: event.target.value })}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${prefix}-team`} className="block text-sm font-medium">
              {t("defaultTeam")}
            </label>
            <Select
              id={`${prefix}-team`}
              name="defaultTeamId"
              value={fields.defaultTeamId}
              disabled={!teams}
              aria-busy={!teams}
              onChange={(event) => edit({ defaultTeamId: event.target.value })}
              className="w-full"
            >
              {!teams && site.defaultTeamId && <option value={site.defaultTeamId}>{t("loading")}</option>}
              <option value="">{t("noTeam")}</option>
              {teams?.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="autoAssign"
              checked={fields.autoAssign}
              onChange={(event) => edit({ autoAssign: event.target.checked })}
            />
            {t("autoAssign")}
          </label>
          <div className="w-48 space-y-1">
            <label htmlFor={`${prefix}-queue`} className="block text-sm font-medium">
              {t("maxQueue")}
            </label>
            <Input
              id={`${prefix}-queue`}
              name="maxQueueLength"
              type="number"
              min={0}
              max={10000}
              required
              value={fields.maxQueueLength}
              onChange={(event) => edit({ maxQueueLength: event.target.value })}
            />
          </div>
          <ErrorText error={update.error} />
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={update.isPending || Object.keys(changes).length === 0}>
              {t("save")}
            </Button>
            <SavedText show={saved} text={t("saved")} />
          </div>
        </form>
        <RoutingRules siteId={site.id} teams={teams ?? []} t={t} />
      </div>
    </Card>
  );
}

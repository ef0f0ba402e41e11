"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { RoutingCondition } from "@/server/contracts/routing";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { ErrorText } from "../_components/ui";
import { RuleEditor } from "./rule-editor";
import { Button } from "@/app/_components/ui";

/** A site's ordered rules: each editable in place, movable up and down; a new one is appended last. */
export function RoutingRules({ siteId, teams, t }: { siteId: string; teams: { id: string; name: string }[]; t: DashboardT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.admin.routing.list.queryOptions({ siteId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.routing.list.queryKey({ siteId }) });
  const [adding, setAdding] = useState(false);
  const create = useMutation(
    trpc.admin.routing.create.mutationOptions({
      onSuccess: () => {
        setAdding(false);
        refresh();
      },
    }),
  );
  const update = useMutation(trpc.admin.routing.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.admin.routing.delete.mutationOptions({ onSuccess: refresh }));
  const reorder = useMutation(trpc.admin.routing.reorder.mutationOptions({ onSuccess: refresh }));
  const ids = rules.data?.map((rule) => rule.id) ?? [];
  const move = (index: number, by: -1 | 1) => {
    const next = [...ids];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    reorder.mutate({ siteId, ruleIds: next });
  };

  return (
    <section className="space-y-3" aria-labelledby={`${siteId}-rules`}>
      <h3 id={`${siteId}-rules`} className="font-semibold">
        {t("routingRules")}
      </h3>
      <p className="text-sm text-muted">{t("routingIntro")}</p>
      <ErrorText error={rules.error ?? update.error ?? remove.error ?? reorder.error} />
      {rules.data?.length === 0 && <p className="text-sm">{t("noRules")}</p>}
      <ol className="space-y-3">
        {rules.data?.map((rule, index) => (
          <li key={rule.id} data-testid="routing-rule" className="rounded-control p-3 ring-1 ring-line">
            <RuleEditor
              key={JSON.stringify(rule)}
              title={t("rule", { n: String(index + 1) })}
              initial={{ teamId: rule.teamId, conditions: rule.conditions as RoutingCondition[] }}
              teams={teams}
              t={t}
              saving={update.isPending}
              onSave={(value) => update.mutate({ id: rule.id, ...value })}
            >
              <Button variant="secondary" type="button" disabled={index === 0} onClick={() => move(index, -1)}>
                {t("moveUp")}
              </Button>
              <Button variant="secondary" type="button" disabled={index === ids.length - 1} onClick={() => move(index, 1)}>
                {t("moveDown")}
              </Button>
              <Button variant="secondary" type="button" onClick={() => remove.mutate({ id: rule.id })}>
                {t("delete")}
              </Button>
            </RuleEditor>
          </li>
        ))}
      </ol>
      {teams.length === 0 ? (
        <p className="text-sm">{t("needTeam")}</p>
      ) : adding ? (
        <div className="rounded-control p-3 ring-1 ring-accent/40">
          <RuleEditor
            title={t("addRule")}
            initial={{ teamId: teams[0]!.id, conditions: [{ field: "pageUrl", op: "glob", value: "" }] }}
            teams={teams}
            t={t}
            saving={create.isPending}
            onSave={(value) => create.mutate({ siteId, ...value })}
          >
            <Button variant="secondary" type="button" onClick={() => setAdding(false)}>
              {t("cancel")}
            </Button>
          </RuleEditor>
          <ErrorText error={create.error} />
        </div>
      ) : (
        <Button variant="secondary" type="button" onClick={() => setAdding(true)}>
          {t("addRule")}
        </Button>
      )}
    </section>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { buttonClass, Card, ErrorText, Field, inputClass } from "../_components/ui";
import { TeamCard } from "./team-card";

export default function TeamsPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.admin.teams.list.queryOptions());
  const agents = useQuery(trpc.admin.agents.list.queryOptions());
  const create = useMutation(
    trpc.admin.teams.create.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.teams.list.queryKey() }) }),
  );

  return (
    <>
      <h1 className="text-2xl font-bold">{t("teams")}</h1>
      <Card title={t("newTeam")}>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const formElement = event.currentTarget;
            const form = new FormData(formElement);
            create.mutate(
              { name: String(form.get("name")), strategy: String(form.get("strategy")) as "round_robin" | "least_busy" },
              { onSuccess: () => formElement.reset() },
            );
          }}
        >
          <div className="min-w-56 flex-1">
            <Field id="new-team-name" label={t("name")}>
              <input id="new-team-name" name="name" required maxLength={120} className={inputClass} />
            </Field>
          </div>
          <Field id="new-team-strategy" label={t("strategy")}>
            <select id="new-team-strategy" name="strategy" defaultValue="round_robin" className={inputClass}>
              <option value="round_robin">{t("round_robin")}</option>
              <option value="least_busy">{t("least_busy")}</option>
            </select>
          </Field>
          <button type="submit" disabled={create.isPending} className={buttonClass}>{t("create")}</button>
        </form>
        <ErrorText error={create.error} />
      </Card>
      <ErrorText error={teams.error} />
      {teams.data?.length === 0 && <p className="text-sm">{t("noTeams")}</p>}
      {/* A card needs the agents loaded: its member boxes would otherwise start unticked and a save would clear them. */}
      {teams.data && !agents.data && !agents.error && <p className="text-sm text-slate-500">{t("loading")}</p>}
      <ErrorText error={agents.error} />
      {agents.data && teams.data?.map((team) => (
        <TeamCard key={team.id} team={team} agents={agents.data.filter((agent) => !agent.deactivatedAt)} t={t} />
      ))}
    </>
  );
}

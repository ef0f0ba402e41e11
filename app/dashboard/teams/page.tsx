"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, Field } from "../_components/ui";
import { TeamCard } from "./team-card";
import { Button, Input, Select } from "@/app/_components/ui";

export default function TeamsPage() {
  const t = useDashboardT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.admin.teams.list.queryOptions());
  const agents = useQuery(trpc.admin.agents.list.queryOptions());
  const create = useMutation(
    trpc.admin.teams.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.teams.list.queryKey() }),
    }),
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
              <Input id="new-team-name" name="name" required maxLength={120} />
            </Field>
          </div>
          <Field id="new-team-strategy" label={t("strategy")}>
            <Select id="new-team-strategy" name="strategy" defaultValue="round_robin" className="w-full">
              <option value="round_robin">{t("round_robin")}</option>
              <option value="least_busy">{t("least_busy")}</option>
            </Select>
          </Field>
          <Button type="submit" disabled={create.isPending}>
            {t("create")}
          </Button>
        </form>
        <ErrorText error={create.error} />
      </Card>
      <ErrorText error={teams.error} />
      {teams.data?.length === 0 && <p className="text-sm">{t("noTeams")}</p>}
      {/* A card needs the agents loaded: its member boxes would otherwise start unticked and a save would clear them. */}
      {teams.data && !agents.data && !agents.error && <p className="text-sm text-muted">{t("loading")}</p>}
      <ErrorText error={agents.error} />
      {agents.data &&
        teams.data?.map((team) => (
          <TeamCard key={team.id} team={team} agents={agents.data.filter((agent) => !agent.deactivatedAt)} t={t} />
        ))}
    </>
  );
}

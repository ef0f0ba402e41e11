"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BusinessHours } from "@/server/contracts/routing";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "../_lib/trpc";
import { buttonClass, Card, dangerButtonClass, ErrorText, inputClass, SavedText } from "../_components/ui";
import { BusinessHoursEditor } from "./business-hours-editor";

type Team = { id: string; name: string; strategy: "round_robin" | "least_busy"; businessHours: BusinessHours | null; memberIds: string[] };

export function TeamCard({ team, agents, t }: { team: Team; agents: { id: string; name: string }[]; t: DashboardT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.teams.list.queryKey() });
  const [saved, setSaved] = useState<"settings" | "members" | null>(null);
  const update = useMutation(trpc.admin.teams.update.mutationOptions({ onSuccess: refresh }));
  const members = useMutation(trpc.admin.teams.setMembers.mutationOptions({ onSuccess: () => (setSaved("members"), refresh()) }));
  const remove = useMutation(trpc.admin.teams.delete.mutationOptions({ onSuccess: refresh }));
  const prefix = `team-${team.id}`;

  return (
    <Card
      title={team.name}
      actions={
        <button
          type="button"
          className={dangerButtonClass}
          onClick={() => confirm(t("confirmDeleteTeam", { name: team.name })) && remove.mutate({ id: team.id })}
        >
          {t("delete")}
        </button>
      }
    >
      <form
        key={`${team.name}|${team.strategy}`}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setSaved(null);
          update.mutate(
            { id: team.id, name: String(form.get("name")), strategy: String(form.get("strategy")) as Team["strategy"] },
            { onSuccess: () => setSaved("settings") },
          );
        }}
      >
        <div className="min-w-56 flex-1 space-y-1">
          <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">{t("name")}</label>
          <input id={`${prefix}-name`} name="name" required maxLength={120} defaultValue={team.name} className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${prefix}-strategy`} className="block text-sm font-medium">{t("strategy")}</label>
          <select id={`${prefix}-strategy`} name="strategy" defaultValue={team.strategy} className={inputClass}>
            <option value="round_robin">{t("round_robin")}</option>
            <option value="least_busy">{t("least_busy")}</option>
          </select>
        </div>
        <button type="submit" className={buttonClass} disabled={update.isPending}>{t("save")}</button>
        <SavedText show={saved === "settings"} text={t("saved")} />
      </form>
      <form
        key={team.memberIds.join()}
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          members.mutate({ id: team.id, userIds: new FormData(event.currentTarget).getAll("userIds").map(String) });
        }}
      >
        <fieldset>
          <legend className="text-sm font-medium">{t("members")}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {agents.map((agent) => (
              <label key={agent.id} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="userIds" value={agent.id} defaultChecked={team.memberIds.includes(agent.id)} />
                {agent.name}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass} disabled={members.isPending}>{t("save")} · {t("members")}</button>
          <SavedText show={saved === "members"} text={t("saved")} />
        </div>
      </form>
      <ErrorText error={update.error ?? members.error ?? remove.error} />
      <BusinessHoursEditor
        id={prefix}
        value={team.businessHours}
        t={t}
        saving={update.isPending}
        onSave={(businessHours) => {
          setSaved(null);
          update.mutate({ id: team.id, businessHours }, { onSuccess: () => setSaved("settings") });
        }}
      />
    </Card>
  );
}

"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Avatar, Badge, Button, Input, Select } from "@/app/_components/ui";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { ErrorText, SavedText } from "../_components/ui";

type Agent = {
  id: string;
  name: string;
  email: string;
  role: "admin" | "agent";
  maxConcurrentChats: number;
  teamIds: string[];
  deactivatedAt: string | null;
};

export function AgentRow({ agent, teams, isMe, t }: { agent: Agent; teams: { id: string; name: string }[]; isMe: boolean; t: DashboardT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.agents.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.teams.list.queryKey() }),
    ]);
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.admin.agents.update.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        refresh();
      },
    }),
  );
  const deactivate = useMutation(trpc.admin.agents.deactivate.mutationOptions({ onSuccess: refresh }));
  const reactivate = useMutation(trpc.admin.agents.reactivate.mutationOptions({ onSuccess: refresh }));
  const prefix = `agent-${agent.id}`;

  return (
    <li className="space-y-2 py-3" data-testid="agent-row">
      <div className="flex flex-wrap items-center gap-2">
        <Avatar name={agent.name} size={32} />
        <span className="font-medium">{agent.name}</span>
        <span className="text-body text-muted">{agent.email}</span>
        <Badge tone={agent.role === "admin" ? "accent" : "neutral"}>{t(agent.role)}</Badge>
        {isMe && <span className="text-caption text-muted">({t("you")})</span>}
        {agent.deactivatedAt && <Badge tone="danger">{t("deactivated")}</Badge>}
      </div>
      <form
        key={`${agent.role}|${agent.maxConcurrentChats}|${agent.teamIds.join()}`}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setSaved(false);
          update.mutate({
            userId: agent.id,
            ...(isMe ? {} : { role: String(form.get("role")) as Agent["role"] }),
            maxConcurrentChats: Number(form.get("maxConcurrentChats")),
            ...teamsIfChanged(agent.teamIds, form.getAll("teamIds").map(String)),
          });
        }}
      >
        <div className="space-y-1">
          <label htmlFor={`${prefix}-role`} className="block text-xs font-medium">
            {t("role")}
          </label>
          <Select id={`${prefix}-role`} name="role" defaultValue={agent.role} disabled={isMe} className="w-full">
            <option value="agent">{t("agent")}</option>
            <option value="admin">{t("admin")}</option>
          </Select>
        </div>
        <div className="w-40 space-y-1">
          <label htmlFor={`${prefix}-max`} className="block text-xs font-medium">
            {t("maxChats")}
          </label>
          <Input
            id={`${prefix}-max`}
            name="maxConcurrentChats"
            type="number"
            min={0}
            max={100}
            required
            defaultValue={agent.maxConcurrentChats}
          />
        </div>
        {teams.length > 0 && (
          <fieldset className="space-y-1">
            <legend className="text-xs font-medium">{t("teams")}</legend>
            <div className="flex flex-wrap gap-3">
              {teams.map((team) => (
                <label key={team.id} className="flex items-center gap-1 text-sm">
                  <input type="checkbox" name="teamIds" value={team.id} defaultChecked={agent.teamIds.includes(team.id)} />
                  {team.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <Button type="submit" disabled={update.isPending}>
          {t("save")}
        </Button>
        {!isMe &&
          (agent.deactivatedAt ? (
            <Button variant="secondary" type="button" onClick={() => reactivate.mutate({ userId: agent.id })}>
              {t("reactivate")}
            </Button>
          ) : (
            <Button
              variant="danger"
              type="button"
              onClick={() => confirm(t("confirmDeactivate", { name: agent.name })) && deactivate.mutate({ userId: agent.id })}
            >
              {t("deactivate")}
            </Button>
          ))}
        <SavedText show={saved} text={t("saved")} />
      </form>
      <ErrorText error={update.error ?? deactivate.error ?? reactivate.error} />
    </li>
  );
}

/** Only a changed team list is sent, so saving a role never rewrites memberships from a stale form. */
function teamsIfChanged(loaded: string[], picked: string[]) {
  const same = loaded.length === picked.length && loaded.every((id) => picked.includes(id));
  return same ? {} : { teamIds: picked };
}

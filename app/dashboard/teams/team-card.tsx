"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BusinessHours } from "@/server/contracts/routing";
import type { DashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText, SavedText } from "../_components/ui";
import { Button, Input, Select, useToast } from "@/app/_components/ui";
import { BusinessHoursEditor } from "./business-hours-editor";

type Team = { id: string; name: string; strategy: "round_robin" | "least_busy"; businessHours: BusinessHours | null; memberIds: string[] };

/** Key order does not make hours different (the server may return them in another order than we sent). */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort()) : inner,
  );
const sameMembers = (a: string[], b: string[]) => a.length === b.length && a.every((id) => b.includes(id));

/**
 * One team: name, routing strategy, members and business hours in one form with one Save. Every field is controlled
 * and starts from the loaded team, and only what changed is sent, so a save never writes a value nobody touched.
 */
export function TeamCard({ team, agents, t }: { team: Team; agents: { id: string; name: string }[]; t: DashboardT }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.teams.list.queryKey() });
  const [draft, setDraft] = useState(team);
  const [saved, setSaved] = useState(false);
  const update = useMutation(trpc.admin.teams.update.mutationOptions());
  const members = useMutation(trpc.admin.teams.setMembers.mutationOptions());
  const toast = useToast();
  const remove = useMutation(
    trpc.admin.teams.delete.mutationOptions({
      onSuccess: async () => {
        toast({ text: t("teamDeleted", { name: team.name }) });
        await refresh();
      },
    }),
  );
  const prefix = `team-${team.id}`;
  const change = (patch: Partial<Team>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const hoursChanged = canonical(draft.businessHours) !== canonical(team.businessHours);
  const membersChanged = !sameMembers(draft.memberIds, team.memberIds);
  const dirty = draft.name !== team.name || draft.strategy !== team.strategy || hoursChanged || membersChanged;
  const pending = update.isPending || members.isPending;

  const save = async () => {
    setSaved(false);
    const settings = {
      ...(draft.name !== team.name ? { name: draft.name } : {}),
      ...(draft.strategy !== team.strategy ? { strategy: draft.strategy } : {}),
      ...(hoursChanged ? { businessHours: draft.businessHours } : {}),
    };
    try {
      if (Object.keys(settings).length > 0) await update.mutateAsync({ id: team.id, ...settings });
      if (membersChanged) await members.mutateAsync({ id: team.id, userIds: draft.memberIds });
      setSaved(true);
    } finally {
      await refresh();
    }
  };

  return (
    <Card
      title={team.name}
      actions={
        <Button
          variant="danger"
          type="button"
          onClick={() => confirm(t("confirmDeleteTeam", { name: team.name })) && remove.mutate({ id: team.id })}
        >
          {t("delete")}
        </Button>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void save().catch(() => {});
        }}
      >
        <div className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1 space-y-1">
            <label htmlFor={`${prefix}-name`} className="block text-sm font-medium">
              {t("name")}
            </label>
            <Input
              id={`${prefix}-name`}
              required
              maxLength={120}
              value={draft.name}
              onChange={(event) => change({ name: event.target.value })}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${prefix}-strategy`} className="block text-sm font-medium">
              {t("strategy")}
            </label>
            <Select
              id={`${prefix}-strategy`}
              value={draft.strategy}
              onChange={(event) => change({ strategy: event.target.value as Team["strategy"] })}
              className="w-full"
            >
              <option value="round_robin">{t("round_robin")}</option>
              <option value="least_busy">{t("least_busy")}</option>
            </Select>
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">{t("members")}</legend>
          <div className="mt-1 flex flex-wrap gap-3">
            {agents.map((agent) => (
              <label key={agent.id} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={draft.memberIds.includes(agent.id)}
                  onChange={(event) =>
                    change({
                      memberIds: event.target.checked ? [...draft.memberIds, agent.id] : draft.memberIds.filter((id) => id !== agent.id),
                    })
                  }
                />
                {agent.name}
              </label>
            ))}
          </div>
        </fieldset>
        <BusinessHoursEditor
          id={prefix}
          value={draft.businessHours}
          saved={team.businessHours}
          t={t}
          onChange={(businessHours) => change({ businessHours })}
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending || !dirty}>
            {t("save")}
          </Button>
          <SavedText show={saved && !dirty} text={t("saved")} />
          <ErrorText error={update.error ?? members.error ?? remove.error} />
        </div>
      </form>
    </Card>
  );
}

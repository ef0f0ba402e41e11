"use client";
import { useLocale } from "../../_lib/locale.ts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDashboardT } from "../_lib/i18n";
import { useTRPC } from "@/app/_lib/trpc";
import { Card, ErrorText } from "../_components/ui";
import { Button } from "@/app/_components/ui";
import { AgentRow } from "./agent-row";
import { InviteForm } from "./invite-form";

export default function AgentsPage() {
  const t = useDashboardT();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const agents = useQuery(trpc.admin.agents.list.queryOptions());
  const teams = useQuery(trpc.admin.teams.list.queryOptions());
  const invitations = useQuery(trpc.admin.agents.invitations.queryOptions());
  const revoke = useMutation(
    trpc.admin.agents.revokeInvitation.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.agents.invitations.queryKey() }),
    }),
  );

  return (
    <>
      <h1 className="text-2xl font-bold">{t("agents")}</h1>
      <Card title={t("agents")}>
        <ErrorText error={agents.error ?? teams.error} />
        <ul className="divide-y divide-line">
          {/* A row needs the teams loaded: its team boxes would otherwise start unticked and a save would clear them. */}
          {!(agents.data && teams.data && me.data) && !agents.error && !teams.error && (
            <li className="py-3 text-sm text-muted">{t("loading")}</li>
          )}
          {teams.data &&
            me.data &&
            agents.data?.map((agent) => (
              <AgentRow key={agent.id} agent={agent} teams={teams.data} isMe={agent.id === me.data.userId} t={t} />
            ))}
        </ul>
      </Card>
      <Card title={t("inviteAgent")}>
        <InviteForm t={t} onInvited={() => queryClient.invalidateQueries({ queryKey: trpc.admin.agents.invitations.queryKey() })} />
        {!!invitations.data?.length && (
          <div className="space-y-2">
            <h3 className="font-medium">{t("pendingInvitations")}</h3>
            <ErrorText error={revoke.error} />
            <ul className="divide-y divide-line text-sm">
              {invitations.data.map((invitation) => (
                <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    {invitation.email} · {t(invitation.role)} · {t("expires")} {new Date(invitation.expiresAt).toLocaleDateString(locale)}
                  </span>
                  <Button variant="danger" className="px-2 py-1" onClick={() => revoke.mutate({ id: invitation.id })}>
                    {t("revoke")}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>
    </>
  );
}

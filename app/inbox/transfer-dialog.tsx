"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { forwardRef, type ReactNode, useImperativeHandle, useRef, useState } from "react";
import { Badge, Button, fieldStyle } from "@/app/_components/ui";
import type { AgentSummary, TeamSummary } from "@/server/contracts/inbox";
import type { ConversationSummary } from "@/server/contracts/messages";
import type { AppRouter } from "@/server/trpc/router";
import type { InboxT } from "./inbox-i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

const choiceClass =
  "flex cursor-pointer items-center gap-2 rounded-control px-2 py-1.5 ring-1 ring-line has-[:checked]:bg-accent-soft has-[:checked]:ring-accent";
const statusDot = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-400" } as const;

type Full = { name: string; load: number; max: number };

/** The server's refusal of a transfer to an agent at their limit, with the load it found. */
function fullAgent(failure: unknown): { load: number; max: number } | null {
  if (!(failure instanceof TRPCClientError)) return null;
  const details = (failure as TRPCClientError<AppRouter>).data?.details;
  return details?.reason === "agent_full" ? { load: Number(details.load), max: Number(details.max) } : null;
}

/**
 * Transfer to a colleague or a team. Colleagues are listed with their status and load (n / max); one at their limit is
 * refused by the server, and the dialog then offers "Assign anyway", which sends the same transfer with
 * overrideCapacity. A team is listed with who is online and how many wait: the conversation goes to its queue,
 * unassigned, and the team's own strategy serves it. One radio group, values "agent:<id>" and "team:<id>".
 */
export const TransferDialog = forwardRef<
  { open: () => void },
  { t: InboxT; conversation: ConversationSummary; agents: AgentSummary[]; onAssigned: () => void }
>(function TransferDialog({ t, conversation, agents, onAssigned }, ref) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [full, setFull] = useState<Full | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const teams = useQuery(trpc.agent.workspace.teams.queryOptions()).data ?? [];

  useImperativeHandle(ref, () => ({
    open: () => {
      setFull(null);
      setError(null);
      // Loads move all the time: show them as they are now.
      void queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.agents.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.teams.queryKey() });
      dialog.current?.showModal();
    },
  }));

  async function transfer(overrideCapacity: boolean) {
    const data = new FormData(form.current!);
    const [kind, targetId] = String(data.get("target") ?? "").split(":");
    const note = String(data.get("note") ?? "");
    if (!targetId) return;
    const assigneeId = kind === "agent" ? targetId : "";
    setBusy(true);
    setError(null);
    const versioned = { conversationId: conversation.id, expectedVersion: conversation.version, ...(note.trim() ? { note } : {}) };
    try {
      if (kind === "team") await client.agent.actions.transferToTeam.mutate({ ...versioned, teamId: targetId });
      else await client.agent.actions.assign.mutate({ ...versioned, assigneeId, ...(overrideCapacity ? { overrideCapacity } : {}) });
      setFull(null);
      form.current?.reset();
      dialog.current?.close();
      onAssigned();
    } catch (failure) {
      const load = fullAgent(failure);
      if (load) setFull({ name: agents.find((agent) => agent.id === assigneeId)?.name ?? "", ...load });
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  const choices = agents.filter((agent) => agent.id !== conversation.assigneeId);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="transfer-title"
      className="m-auto w-[min(30rem,94vw)] rounded-card bg-surface p-5 text-ink shadow-xl ring-1 ring-line backdrop:bg-slate-950/40"
    >
      <form
        ref={form}
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void transfer(false);
        }}
        onChange={() => setFull(null)}
      >
        <h2 id="transfer-title" className="text-lg font-semibold">
          {t("transfer")}
        </h2>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm">{t("transferTo")}</legend>
          <ChoiceGroup title={t("transferPeople")}>
            {choices.map((agent, index) => {
              const atLimit = agent.load >= agent.maxConcurrentChats;
              return (
                <li key={agent.id}>
                  <label className={choiceClass}>
                    <input
                      type="radio"
                      name="target"
                      value={`agent:${agent.id}`}
                      required
                      defaultChecked={index === 0}
                      className="accent-indigo-600"
                    />
                    <span className={`h-2 w-2 shrink-0 rounded-full ${statusDot[agent.status]}`} aria-hidden />
                    <span className="min-w-0 flex-1 truncate text-sm">
                      {agent.name} <span className="text-xs text-muted">· {t(agent.status)}</span>
                    </span>
                    <span className={`shrink-0 text-xs tabular-nums ${atLimit ? "font-semibold text-danger" : "text-muted"}`}>
                      {t("transferLoad", { load: String(agent.load), max: String(agent.maxConcurrentChats) })}
                      {atLimit && " "}
                      {atLimit && <Badge tone="danger">{t("transferFull")}</Badge>}
                    </span>
                  </label>
                </li>
              );
            })}
          </ChoiceGroup>
          {teams.length > 0 && (
            <ChoiceGroup title={t("transferTeams")} testId="transfer-teams">
              {teams.map((team: TeamSummary) => (
                <li key={team.id}>
                  <label className={choiceClass}>
                    <input
                      type="radio"
                      name="target"
                      value={`team:${team.id}`}
                      required
                      defaultChecked={choices.length === 0 && team === teams[0]}
                      className="accent-indigo-600"
                    />
                    <span className="min-w-0 flex-1 truncate text-sm">{team.name}</span>
                    <span className="shrink-0 text-xs tabular-nums text-muted">
                      {t("teamChoice", { online: String(team.online), queued: String(team.queued) })}
                    </span>
                  </label>
                </li>
              ))}
            </ChoiceGroup>
          )}
        </fieldset>
        <label className="block space-y-1 text-sm">
          <span>{t("transferNote")}</span>
          <textarea name="note" rows={3} maxLength={5000} className={fieldStyle} />
        </label>
        {full && (
          <div
            role="alert"
            className="space-y-2 rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-300 dark:bg-amber-950 dark:ring-amber-800"
          >
            <p>{t("transferFullError", { name: full.name, load: String(full.load), max: String(full.max) })}</p>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setFull(null)}>
                {t("pickSomeoneElse")}
              </Button>
              <Button variant="danger" disabled={busy} onClick={() => void transfer(true)}>
                {t("assignAnyway")}
              </Button>
            </div>
          </div>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={busy || full !== null}>
            {t("transfer")}
          </Button>
        </div>
      </form>
    </dialog>
  );
});

/** One group of choices under its own heading, scrolling on its own when long. */
function ChoiceGroup({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <div data-testid={testId}>
      <p className="mb-1 text-caption font-medium text-muted">{title}</p>
      <ul className="max-h-48 space-y-1 overflow-y-auto">{children}</ul>
    </div>
  );
}

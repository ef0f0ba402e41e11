"use client";
import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import type { AgentSummary } from "@/server/contracts/inbox";
import type { ConversationSummary } from "@/server/contracts/messages";
import type { AppRouter } from "@/server/trpc/router";
import type { InboxT } from "./inbox-i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

const buttonClass =
  "rounded-md px-2.5 py-1 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:ring-slate-700 dark:hover:bg-slate-800";
const statusDot = { online: "bg-emerald-500", away: "bg-amber-400", offline: "bg-slate-400" } as const;

type Full = { name: string; load: number; max: number };

/** The server's refusal of a transfer to an agent at their limit, with the load it found. */
function fullAgent(failure: unknown): { load: number; max: number } | null {
  if (!(failure instanceof TRPCClientError)) return null;
  const details = (failure as TRPCClientError<AppRouter>).data?.details;
  return details?.reason === "agent_full" ? { load: Number(details.load), max: Number(details.max) } : null;
}

/**
 * Transfer to a colleague: each is listed with their status and load (n / max). A colleague at their limit is
 * refused by the server; the dialog then offers "Assign anyway", which sends the same transfer with overrideCapacity.
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

  useImperativeHandle(ref, () => ({
    open: () => {
      setFull(null);
      setError(null);
      // Loads move all the time: show them as they are now.
      void queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.agents.queryKey() });
      dialog.current?.showModal();
    },
  }));

  async function transfer(overrideCapacity: boolean) {
    const data = new FormData(form.current!);
    const assigneeId = String(data.get("assignee") ?? "");
    const note = String(data.get("note") ?? "");
    if (!assigneeId) return;
    setBusy(true);
    setError(null);
    try {
      await client.agent.actions.assign.mutate({
        conversationId: conversation.id,
        expectedVersion: conversation.version,
        assigneeId,
        ...(note.trim() ? { note } : {}),
        ...(overrideCapacity ? { overrideCapacity } : {}),
      });
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
      className="m-auto w-[min(30rem,94vw)] rounded-xl bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100"
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
        <h2 id="transfer-title" className="text-lg font-semibold">{t("transfer")}</h2>
        <fieldset>
          <legend className="mb-1 text-sm">{t("transferTo")}</legend>
          <ul className="max-h-64 space-y-1 overflow-y-auto">
            {choices.map((agent, index) => {
              const atLimit = agent.load >= agent.maxConcurrentChats;
              return (
                <li key={agent.id}>
                  <label className="flex cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-400 dark:ring-slate-700 dark:has-[:checked]:bg-slate-800">
                    <input type="radio" name="assignee" value={agent.id} required defaultChecked={index === 0} className="accent-indigo-600" />
                    <span className={`h-2 w-2 shrink-0 rounded-full ${statusDot[agent.status]}`} aria-hidden />
                    <span className="min-w-0 flex-1 truncate text-sm">
                      {agent.name} <span className="text-xs text-slate-500 dark:text-slate-400">· {t(agent.status)}</span>
                    </span>
                    <span className={`shrink-0 text-xs tabular-nums ${atLimit ? "font-semibold text-red-700 dark:text-red-400" : "text-slate-600 dark:text-slate-400"}`}>
                      {t("transferLoad", { load: String(agent.load), max: String(agent.maxConcurrentChats) })}
                      {atLimit && " "}
                      {atLimit && <span className="rounded bg-red-100 px-1 text-red-800 dark:bg-red-900 dark:text-red-100">{t("transferFull")}</span>}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <label className="block space-y-1 text-sm">
          <span>{t("transferNote")}</span>
          <textarea name="note" rows={3} maxLength={5000} className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950" />
        </label>
        {full && (
          <div role="alert" className="space-y-2 rounded-lg bg-amber-50 p-3 text-sm ring-1 ring-amber-300 dark:bg-amber-950 dark:ring-amber-800">
            <p>{t("transferFullError", { name: full.name, load: String(full.load), max: String(full.max) })}</p>
            <div className="flex justify-end gap-2">
              <button type="button" className={buttonClass} onClick={() => setFull(null)}>{t("pickSomeoneElse")}</button>
              <button type="button" disabled={busy} className="rounded-md bg-amber-600 px-3 py-1 text-sm font-medium text-white hover:bg-amber-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-amber-600" onClick={() => void transfer(true)}>
                {t("assignAnyway")}
              </button>
            </div>
          </div>
        )}
        {error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass} onClick={() => dialog.current?.close()}>{t("cancel")}</button>
          <button type="submit" disabled={busy || full !== null} className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">{t("transfer")}</button>
        </div>
      </form>
    </dialog>
  );
});

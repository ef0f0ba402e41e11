"use client";
import { useQueryClient } from "@tanstack/react-query";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import type { ConversationSummary } from "@/server/contracts/messages";
import type { AgentSummary } from "@/server/contracts/inbox";
import type { InboxT } from "./inbox-i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";
import { TransferDialog } from "./transfer-dialog";

export type ActionsHandle = { assignToMe: () => void; resolve: () => void; transfer: () => void };

const buttonClass =
  "rounded-md px-2.5 py-1 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 dark:ring-slate-700 dark:hover:bg-slate-800";
const dialogClass =
  "m-auto w-[min(28rem,92vw)] rounded-xl bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100";

function tomorrowNine(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(9, 0, 0, 0);
  return date;
}

/**
 * What an agent can do to the conversation. Each call carries the version on screen; when someone else acted first
 * the server refuses and the message says so (shown by the pane).
 */
export const ActionsBar = forwardRef<
  ActionsHandle,
  { t: InboxT; conversation: ConversationSummary; myId: string; agents: AgentSummary[]; onError: (message: string | null) => void }
>(function ActionsBar({ t, conversation, myId, agents, onError }, ref) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const transferDialog = useRef<{ open: () => void }>(null);
  const blockDialog = useRef<HTMLDialogElement>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  // On a phone the actions fold into one menu button; from md up they are a row.
  const [menuOpen, setMenuOpen] = useState(false);
  const [customUntil, setCustomUntil] = useState("");
  const versioned = { conversationId: conversation.id, expectedVersion: conversation.version };
  const resolved = conversation.state === "resolved";

  // After any action the visitor panel may say something new (blocked, another past conversation).
  const refreshVisitor = () =>
    queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.visitor.queryKey({ visitorId: conversation.visitorId }) });
  const run = (work: Promise<unknown>) => {
    onError(null);
    work.then(refreshVisitor).catch((failure: unknown) => onError(failure instanceof Error ? failure.message : String(failure)));
  };
  // Taking a colleague's active chat is asked first (the `a` shortcut used to do it silently).
  const assignToMe = () => {
    if (conversation.assigneeId === myId || resolved) return;
    const holder = conversation.assigneeId ? agents.find((agent) => agent.id === conversation.assigneeId) : undefined;
    if (holder && !confirm(t("takeOverConfirm", { name: holder.name }))) return;
    run(client.agent.actions.assign.mutate(versioned));
  };
  // Resolving (also `e`) can be undone for 5 s.
  const [undoFor, setUndoFor] = useState<string | null>(null);
  const resolve = () => {
    if (resolved) return;
    run(client.agent.actions.resolve.mutate(versioned));
    setUndoFor(conversation.id);
  };
  useEffect(() => {
    if (!undoFor) return;
    const timer = setTimeout(() => setUndoFor(null), 5000);
    return () => clearTimeout(timer);
  }, [undoFor]);
  const snooze = (until: Date) => {
    setSnoozeOpen(false);
    run(client.agent.actions.snooze.mutate({ ...versioned, until: until.toISOString() }));
  };
  useImperativeHandle(ref, () => ({ assignToMe, resolve, transfer: () => !resolved && transferDialog.current?.open() }));

  return (
    <div className="relative">
      <button type="button" className={`${buttonClass} md:hidden`} aria-expanded={menuOpen} onClick={() => setMenuOpen((open) => !open)}>
        {t("actions")} ▾
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: only hears the clicks of the buttons inside (Enter and Space click them too), to close the phone menu */}
      <div
        data-testid="conversation-actions"
        onClick={(event) => (event.target as HTMLElement).closest("button:not([aria-expanded])") && setMenuOpen(false)}
        className={`${menuOpen ? "absolute right-0 z-30 mt-1 flex w-56 flex-col items-stretch rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700" : "hidden"} gap-1.5 md:static md:flex md:w-auto md:flex-row md:flex-wrap md:items-center md:bg-transparent md:p-0 md:shadow-none md:ring-0 md:dark:bg-transparent`}
      >
        {conversation.assigneeId !== myId && !resolved && (
          <button type="button" className={buttonClass} onClick={assignToMe}>
            {t("assignToMe")}
          </button>
        )}
        {!resolved && (
          <button type="button" className={buttonClass} onClick={() => transferDialog.current?.open()}>
            {t("transfer")}
          </button>
        )}
        {(conversation.state === "assigned" || conversation.state === "pending") && (
          <div className="relative">
            <button type="button" className={buttonClass} aria-expanded={snoozeOpen} onClick={() => setSnoozeOpen((open) => !open)}>
              {t("snooze")}
            </button>
            {snoozeOpen && (
              <div className="absolute right-0 z-20 mt-1 w-60 space-y-1 rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
                <button
                  type="button"
                  className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                  onClick={() => snooze(new Date(Date.now() + 3_600_000))}
                >
                  {t("snoozeHour")}
                </button>
                <button
                  type="button"
                  className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
                  onClick={() => snooze(tomorrowNine())}
                >
                  {t("snoozeTomorrow")}
                </button>
                <form
                  className="flex items-center gap-1 px-1"
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (customUntil) snooze(new Date(customUntil));
                  }}
                >
                  <label htmlFor="snooze-until" className="text-xs">
                    {t("snoozeUntil")}
                  </label>
                  <input
                    id="snooze-until"
                    type="datetime-local"
                    className="min-w-0 flex-1 rounded border border-slate-300 px-1 text-xs dark:border-slate-700 dark:bg-slate-950"
                    value={customUntil}
                    onChange={(event) => setCustomUntil(event.target.value)}
                  />
                  <button type="submit" className="rounded bg-indigo-600 px-2 text-xs text-white">
                    OK
                  </button>
                </form>
              </div>
            )}
          </div>
        )}
        {resolved ? (
          <button type="button" className={buttonClass} onClick={() => run(client.agent.actions.reopen.mutate(versioned))}>
            {t("reopen")}
          </button>
        ) : (
          <button
            type="button"
            className="rounded-md bg-emerald-600 px-2.5 py-1 text-sm font-medium text-white hover:bg-emerald-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600"
            onClick={resolve}
          >
            {t("resolve")}
          </button>
        )}
        <button type="button" className={`${buttonClass} text-red-700 dark:text-red-400`} onClick={() => blockDialog.current?.showModal()}>
          {t("block")}
        </button>
      </div>
      <TransferDialog
        ref={transferDialog}
        t={t}
        conversation={conversation}
        agents={agents}
        onAssigned={() => {
          onError(null);
          void refreshVisitor();
        }}
      />

      <dialog ref={blockDialog} aria-labelledby="block-title" className={dialogClass}>
        <form method="dialog" className="space-y-3" onSubmit={() => run(client.agent.actions.block.mutate(versioned))}>
          <h2 id="block-title" className="text-lg font-semibold">
            {t("block")}
          </h2>
          <p className="text-sm">{t("blockConfirm")}</p>
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass} onClick={() => blockDialog.current?.close()}>
              {t("cancel")}
            </button>
            <button type="submit" className="rounded-md bg-red-600 px-3 py-1 text-sm font-medium text-white hover:bg-red-700">
              {t("confirm")}
            </button>
          </div>
        </form>
      </dialog>
      {undoFor === conversation.id && resolved && (
        <div
          role="status"
          data-testid="undo-toast"
          className="fixed bottom-4 left-1/2 z-40 flex -translate-x-1/2 items-center gap-3 rounded-lg bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
        >
          {t("resolvedToast")}
          <button
            type="button"
            className="font-semibold underline"
            onClick={() => {
              setUndoFor(null);
              run(client.agent.actions.reopen.mutate(versioned));
            }}
          >
            {t("undo")}
          </button>
        </div>
      )}
    </div>
  );
});

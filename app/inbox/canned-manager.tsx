"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { forwardRef, useImperativeHandle, useRef, useState } from "react";
import type { CannedResponseView } from "@/server/contracts/inbox";
import type { InboxT } from "./inbox-i18n";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

const fieldClass = "w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950";

/** Create, edit and delete canned responses: one's own, and (admins) the shared ones. */
export const CannedManager = forwardRef<{ open: () => void }, { t: InboxT; isAdmin: boolean }>(function CannedManager({ t, isAdmin }, ref) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const list = useQuery(trpc.agent.workspace.canned.list.queryOptions());
  const [editing, setEditing] = useState<CannedResponseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.canned.list.queryKey() });

  async function save(form: HTMLFormElement) {
    const data = new FormData(form);
    const input = {
      shortcut: String(data.get("shortcut")),
      title: String(data.get("title")),
      body: String(data.get("body")),
      shared: data.get("shared") === "on",
    };
    setError(null);
    try {
      await (editing
        ? client.agent.workspace.canned.update.mutate({ ...input, id: editing.id })
        : client.agent.workspace.canned.create.mutate(input));
      setEditing(null);
      form.reset();
      await refresh();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="canned-title"
      className="m-auto w-[min(40rem,94vw)] rounded-xl bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="mb-3 flex items-center justify-between">
        <h2 id="canned-title" className="text-lg font-semibold">
          {t("canned")}
        </h2>
        <button
          type="button"
          className="rounded px-2 py-1 text-sm ring-1 ring-slate-300 dark:ring-slate-700"
          onClick={() => dialog.current?.close()}
        >
          {t("close")}
        </button>
      </div>
      <ul className="mb-4 max-h-60 space-y-1 overflow-y-auto">
        {(list.data ?? []).length === 0 && <li className="text-sm text-slate-500">{t("cannedEmpty")}</li>}
        {(list.data ?? []).map((item) => (
          <li key={item.id} className="flex items-start justify-between gap-2 rounded px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800">
            <span className="min-w-0 text-sm">
              <span className="font-mono text-xs text-indigo-700 dark:text-indigo-300">/{item.shortcut}</span>{" "}
              <span className="font-medium">{item.title}</span>
              {item.shared && <span className="ml-1 text-xs text-slate-500">({t("cannedShared")})</span>}
              <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{item.body}</span>
            </span>
            {(item.mine || (item.shared && isAdmin)) && (
              <span className="flex shrink-0 gap-1">
                <button
                  type="button"
                  className="rounded px-2 text-xs ring-1 ring-slate-300 dark:ring-slate-700"
                  onClick={() => setEditing(item)}
                >
                  {t("edit")}
                </button>
                <button
                  type="button"
                  className="rounded px-2 text-xs text-red-700 ring-1 ring-slate-300 dark:text-red-400 dark:ring-slate-700"
                  onClick={() => void client.agent.workspace.canned.delete.mutate({ id: item.id }).then(refresh)}
                >
                  {t("delete")}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <form
        key={editing?.id ?? "new"}
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          void save(event.currentTarget);
        }}
      >
        <h3 className="text-sm font-semibold">{editing ? t("edit") : t("cannedNew")}</h3>
        <div className="grid grid-cols-[8rem_1fr] gap-2">
          <label className="text-sm">
            {t("cannedShortcut")}
            <input name="shortcut" required maxLength={40} defaultValue={editing?.shortcut} className={fieldClass} />
          </label>
          <label className="text-sm">
            {t("cannedTitle")}
            <input name="title" required maxLength={120} defaultValue={editing?.title} className={fieldClass} />
          </label>
        </div>
        <label className="block text-sm">
          {t("cannedBody")}
          <textarea name="body" required rows={3} maxLength={5000} defaultValue={editing?.body} className={fieldClass} />
        </label>
        {isAdmin && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="shared" defaultChecked={editing?.shared} />
            {t("cannedShared")}
          </label>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          {t("cannedSave")}
        </button>
      </form>
    </dialog>
  );
});

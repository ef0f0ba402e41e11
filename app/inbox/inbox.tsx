"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import type { ConversationSummary } from "@/server/contracts/messages";
import { useT } from "@/app/_lib/i18n";
import { createHttpClient } from "@/app/_lib/trpc-client";
import { ConversationPane } from "./conversation-pane";
import { InboxProviders, useTRPC } from "./providers";

export function Inbox() {
  return (
    <InboxProviders>
      <InboxScreen />
    </InboxProviders>
  );
}

function upsert(list: ConversationSummary[] | undefined, row: ConversationSummary): ConversationSummary[] {
  const others = (list ?? []).filter((item) => item.id !== row.id);
  const next = row.state === "resolved" ? others : [row, ...others];
  return next.sort((a, b) => (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt));
}

function InboxScreen() {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const listOptions = trpc.agent.conversations.list.queryOptions({ view: "all" });
  const conversations = useQuery({ ...listOptions, enabled: me.isSuccess });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  useEffect(() => {
    if (me.error?.data?.code === "UNAUTHORIZED") location.assign("/login");
  }, [me.error]);

  useSubscription(
    trpc.agent.onInbox.subscriptionOptions(undefined, {
      enabled: me.isSuccess,
      // (Re)connected: the list may have changed while we were away, so fetch it again.
      onStarted: () => void queryClient.invalidateQueries({ queryKey: listOptions.queryKey }),
      onData: (event) => queryClient.setQueryData(listOptions.queryKey, (list) => upsert(list, event.conversation)),
    }),
  );

  const rows = conversations.data ?? [];
  const selected = rows.find((row) => row.id === selectedId) ?? null;

  return (
    <div className="grid h-screen grid-cols-[18rem_1fr] grid-rows-[auto_1fr]">
      <header className="col-span-2 flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-lg font-semibold">{t("inbox")}</h1>
        <div className="flex items-center gap-3 text-sm">
          <span>{me.data?.name}</span>
          <button
            type="button"
            className="rounded px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
            onClick={async () => {
              await createHttpClient().auth.logout.mutate();
              location.assign("/login");
            }}
          >
            {t("signOut")}
          </button>
        </div>
      </header>
      <nav aria-label={t("inbox")} className="overflow-y-auto border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        {rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t("noConversations")}</p>
        ) : (
          <ul>
            {rows.map((row) => (
              <li key={row.id}>
                <button
                  type="button"
                  data-testid="conversation-row"
                  aria-current={row.id === selectedId}
                  onClick={() => setSelectedId(row.id)}
                  className={`block w-full border-b border-slate-100 px-4 py-3 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-800 dark:hover:bg-slate-800 ${
                    row.id === selectedId ? "bg-indigo-50 dark:bg-slate-800" : ""
                  }`}
                >
                  <span className="flex justify-between text-sm font-medium">
                    <span>{row.visitorName ?? `${t("visitor")} ${row.visitorId.slice(-4)}`}</span>
                    <span className="text-xs text-slate-500">{row.state}</span>
                  </span>
                  <span className="block truncate text-sm text-slate-600 dark:text-slate-400">{row.lastMessagePreview}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <main className="min-h-0">
        {selected ? <ConversationPane key={selected.id} conversation={selected} /> : <p className="p-6 text-slate-500">{t("pickConversation")}</p>}
      </main>
    </div>
  );
}

"use client";
import { useEffect, useRef, useState } from "react";
import { ulid } from "ulid";
import type { ConversationSummary } from "@/server/contracts/messages";
import { limits } from "@/server/contracts/limits";
import { ThreadView } from "@/app/_components/thread-view";
import { useT } from "@/app/_lib/i18n";
import { isRetryable, lastSeqOf, mergeIntoThread, pendingItem, type ThreadItem } from "@/app/_lib/thread";
import { reconnectDelayMs } from "@/app/_lib/trpc-client";
import { useTRPCClient } from "./providers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One conversation: its thread (history, then live from the last seq) and the reply box. */
export function ConversationPane({ conversation }: { conversation: ConversationSummary }) {
  const t = useT();
  const client = useTRPCClient();
  const [items, setItems] = useState<ThreadItem[]>([]);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  useEffect(() => {
    let subscription: { unsubscribe: () => void } | null = null;
    let cancelled = false;
    client.agent.messages
      .query({ conversationId: conversation.id, limit: 50 })
      .then((page) => {
        if (cancelled) return;
        const thread = mergeIntoThread([], page.messages);
        setItems(thread);
        subscription = client.agent.onThread.subscribe(
          { conversationId: conversation.id, lastEventId: String(lastSeqOf(thread)) },
          { onData: ({ data }) => setItems((previous) => mergeIntoThread(previous, [data])) },
        );
      })
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
    return () => {
      cancelled = true;
      subscription?.unsubscribe();
    };
  }, [client, conversation.id]);

  async function send() {
    const body = draft.trim();
    if (!body) return;
    setDraft("");
    const clientMsgId = ulid();
    setItems((previous) => [...previous, pendingItem(clientMsgId, body, "agent")]);
    for (let attempt = 0; ; attempt++) {
      try {
        await client.agent.send.mutate({ conversationId: conversation.id, clientMsgId, body });
        return;
      } catch (failure) {
        if (!isRetryable(failure)) {
          const message = failure instanceof Error ? failure.message : String(failure);
          setItems((previous) => previous.map((item) => (item.clientMsgId === clientMsgId ? { ...item, status: "failed", error: message } : item)));
          return;
        }
        await sleep(reconnectDelayMs(Math.min(attempt, 5)));
      }
    }
  }

  return (
    <section className="flex h-full flex-col" aria-label={conversation.visitorName ?? t("visitor")}>
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <h2 className="font-medium">{conversation.visitorName ?? `${t("visitor")} ${conversation.visitorId.slice(-4)}`}</h2>
        <button
          type="button"
          className="rounded bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-50"
          disabled={conversation.state === "resolved"}
          onClick={() =>
            client.agent.resolve
              .mutate({ conversationId: conversation.id, expectedVersion: conversation.version })
              .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
          }
        >
          {t("resolve")}
        </button>
      </div>
      {error && <p role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">{error}</p>}
      <div className="min-h-0 flex-1 overflow-y-auto">
        <ThreadView items={items} mine="agent" t={t} />
      </div>
      <form
        className="flex gap-2 border-t border-slate-200 p-3 dark:border-slate-800"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor="reply" className="sr-only">{t("reply")}</label>
        <textarea
          id="reply"
          rows={2}
          className="min-w-0 flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-950"
          placeholder={t("replyPlaceholder")}
          value={draft}
          maxLength={limits.messageBody}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50" disabled={draft.trim() === ""}>
          {t("send")}
        </button>
      </form>
    </section>
  );
}

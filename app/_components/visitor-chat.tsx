"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { ulid } from "ulid";
import { limits } from "@/server/contracts/limits";
import { useT } from "@/app/_lib/i18n";
import { isRetryable, lastSeqOf, mergeIntoThread, pendingItem, type ThreadItem } from "@/app/_lib/thread";
import { reconnectDelayMs } from "@/app/_lib/trpc-client";
import { connectVisitor, type VisitorConnection } from "@/app/_lib/visitor-client";
import { ThreadView } from "./thread-view";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The plain visitor chat used by the demo page (the embeddable widget builds on the same calls). Messages are sent
 * with a client-made id and retried until acked, so a flaky network neither loses nor doubles them.
 */
export function VisitorChat({ siteKey }: { siteKey: string }) {
  const t = useT();
  const [items, setItems] = useState<ThreadItem[]>([]);
  const [ready, setReady] = useState(false);
  const [fatal, setFatal] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const connection = useRef<VisitorConnection | null>(null);
  const subscription = useRef<{ unsubscribe: () => void } | null>(null);
  const fileToken = useCallback(() => connection.current!.token(), []);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const subscribe = useCallback(() => {
    if (subscription.current || !connection.current) return;
    subscription.current = connection.current.trpc.visitor.onThread.subscribe(
      { lastEventId: String(lastSeqOf(itemsRef.current)) },
      { onData: ({ data }) => setItems((previous) => mergeIntoThread(previous, [data])) },
    );
  }, []);

  useEffect(() => {
    const opened = connectVisitor(siteKey, setFatal);
    connection.current = opened;
    let cancelled = false;
    opened.trpc.visitor.thread
      .query({ limit: 50 })
      .then((page) => {
        if (cancelled) return;
        setItems(mergeIntoThread([], page.messages));
        itemsRef.current = mergeIntoThread([], page.messages);
        setReady(true);
        if (page.conversationId) subscribe();
      })
      .catch((error: unknown) => !cancelled && setFatal(error instanceof Error ? error.message : String(error)));
    return () => {
      cancelled = true;
      subscription.current?.unsubscribe();
      subscription.current = null;
      opened.close();
    };
  }, [siteKey, subscribe]);

  async function send() {
    const body = draft.trim();
    if (!body || !connection.current) return;
    setDraft("");
    const clientMsgId = ulid();
    setItems((previous) => [...previous, pendingItem(clientMsgId, body, "visitor")]);
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.current.trpc.visitor.send.mutate({ clientMsgId, body });
        subscribe();
        return;
      } catch (error) {
        if (!isRetryable(error)) {
          const message = error instanceof Error ? error.message : String(error);
          setItems((previous) => previous.map((item) => (item.clientMsgId === clientMsgId ? { ...item, status: "failed", error: message } : item)));
          return;
        }
        await sleep(reconnectDelayMs(Math.min(attempt, 5)));
      }
    }
  }

  return (
    <section aria-label={t("chatTitle")} className="flex h-[32rem] w-full max-w-sm flex-col overflow-hidden rounded-2xl bg-slate-100 shadow-xl ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
      <header className="bg-indigo-600 px-4 py-3 font-semibold text-white">{t("chatTitle")}</header>
      <div className="flex-1 overflow-y-auto">
        {fatal ? (
          <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">{fatal}</p>
        ) : !ready ? (
          <p className="p-4 text-sm text-slate-500">{t("connecting")}</p>
        ) : items.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">{t("emptyThread")}</p>
        ) : (
          <ThreadView items={items} mine="visitor" t={t} fileToken={fileToken} />
        )}
      </div>
      <form
        className="flex gap-2 border-t border-slate-200 bg-white p-2 dark:border-slate-800 dark:bg-slate-950"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor="visitor-message" className="sr-only">{t("chatPlaceholder")}</label>
        <input
          id="visitor-message"
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-base focus:outline-2 focus:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900"
          placeholder={t("chatPlaceholder")}
          value={draft}
          maxLength={limits.messageBody}
          disabled={!ready || fatal !== null}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button
          type="submit"
          className="rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50"
          disabled={!ready || fatal !== null || draft.trim() === ""}
        >
          {t("send")}
        </button>
      </form>
    </section>
  );
}

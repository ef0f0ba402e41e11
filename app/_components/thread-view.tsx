"use client";
import { useEffect, useRef } from "react";
import type { ThreadItem } from "@/app/_lib/thread";
import type { useT } from "@/app/_lib/i18n";

/** A thread's messages, newest at the bottom. `mine` is the sender kind drawn on the right. */
export function ThreadView({ items, mine, t }: { items: ThreadItem[]; mine: ThreadItem["senderKind"]; t: ReturnType<typeof useT> }) {
  const end = useRef<HTMLLIElement>(null);
  // Braces matter: Chromium's scrollIntoView now returns a promise, and React calls whatever an effect returns.
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [items.length]);
  return (
    <ol className="flex flex-col gap-2 p-3" aria-live="polite" aria-relevant="additions">
      {items.map((item) =>
        item.type === "event" ? (
          <li key={item.clientMsgId} className="text-center text-xs text-slate-500" data-testid="thread-event">
            {describeEvent(item.body, t)}
          </li>
        ) : (
          <li
            key={item.clientMsgId}
            data-testid="thread-message"
            data-seq={item.seq}
            className={`max-w-[80%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm ${
              item.senderKind === mine
                ? "self-end bg-indigo-600 text-white"
                : "self-start bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700"
            }`}
          >
            {item.body}
            {item.status !== "sent" && (
              <span className="mt-1 block text-[11px] opacity-80">{item.status === "sending" ? t("sending") : (item.error ?? t("failed"))}</span>
            )}
          </li>
        ),
      )}
      <li ref={end} aria-hidden />
    </ol>
  );
}

function describeEvent(body: string, t: ReturnType<typeof useT>): string {
  try {
    const event = JSON.parse(body) as { from?: string; to?: string };
    return t("stateEvent", { from: event.from ?? "", to: event.to ?? "" });
  } catch {
    return body;
  }
}

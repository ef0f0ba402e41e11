"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ConversationSignal } from "@/server/contracts/signals";
import { lastSeqOf, mergeIntoThread, type ThreadItem } from "@/client/thread";
import { useTRPCClient } from "@/app/_lib/trpc";

const pageSize = 50;

/**
 * One conversation's thread for an agent: a page of history (around `focusSeq` when opened from a search hit),
 * older pages on demand, then live from the last seq (the server replays anything in between). Also the visitor's
 * typing, live draft and read mark, and our own read mark moved forward while the thread is on screen.
 */
export function useThread(conversationId: string, focusSeq: number | null, initialVisitorReadSeq: number, onRead: (seq: number) => void) {
  const client = useTRPCClient();
  const [items, setItems] = useState<ThreadItem[]>([]);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [visitorDraft, setVisitorDraft] = useState("");
  const [visitorReadSeq, setVisitorReadSeq] = useState(initialVisitorReadSeq);
  const readSent = useRef(0);
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;

  useEffect(() => {
    let cancelled = false;
    let thread: { unsubscribe: () => void } | null = null;
    setItems([]);
    client.agent.messages
      .query({ conversationId, limit: pageSize, ...(focusSeq ? { beforeSeq: focusSeq + pageSize / 2 } : {}) })
      .then((page) => {
        if (cancelled) return;
        const first = mergeIntoThread([], page.messages);
        setItems(first);
        setHasOlder(page.hasOlder);
        thread = client.agent.onThread.subscribe(
          { conversationId, lastEventId: String(lastSeqOf(first)) },
          {
            onData: ({ data }) => {
              setItems((previous) => mergeIntoThread(previous, [data]));
              if (data.senderKind === "visitor") setVisitorDraft("");
            },
          },
        );
      })
      .catch((failure: unknown) => !cancelled && setError(failure instanceof Error ? failure.message : String(failure)));
    const signals = client.agent.onSignals.subscribe(
      { conversationId },
      {
        onData: (signal: ConversationSignal) => {
          if (signal.kind === "typing" && signal.from === "visitor") setVisitorTyping(signal.typing);
          if (signal.kind === "draft") setVisitorDraft(signal.body);
          if (signal.kind === "read" && signal.by === "visitor") setVisitorReadSeq((seq) => Math.max(seq, signal.seq));
          // Read in another tab (or by a teammate): this list's unread count follows.
          if (signal.kind === "read" && signal.by === "agent") onReadRef.current(signal.seq);
        },
      },
    );
    return () => {
      cancelled = true;
      thread?.unsubscribe();
      signals.unsubscribe();
    };
  }, [client, conversationId, focusSeq]);

  // Whatever is on screen while the tab is visible counts as read.
  const lastSeq = lastSeqOf(items);
  useEffect(() => {
    const mark = () => {
      if (lastSeq > readSent.current && document.visibilityState === "visible") {
        readSent.current = lastSeq;
        onReadRef.current(lastSeq);
        void client.agent.markRead.mutate({ conversationId, seq: lastSeq }).catch(() => {});
      }
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [client, conversationId, lastSeq]);

  const loadOlder = useCallback(async () => {
    const oldest = items.find((item) => item.seq > 0)?.seq;
    if (!hasOlder || loadingOlder || !oldest) return;
    setLoadingOlder(true);
    try {
      const page = await client.agent.messages.query({ conversationId, beforeSeq: oldest, limit: pageSize });
      setItems((previous) => mergeIntoThread(previous, page.messages));
      setHasOlder(page.hasOlder);
    } finally {
      setLoadingOlder(false);
    }
  }, [client, conversationId, hasOlder, items, loadingOlder]);

  return { items, setItems, hasOlder, loadOlder, loadingOlder, error, setError, visitorTyping, visitorDraft, visitorReadSeq };
}

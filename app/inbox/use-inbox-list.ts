"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { InboxEvent } from "@/server/contracts/messages";
import { applyInboxEvent, statesOf, type ListFilter } from "./list-logic";
import { useTRPC } from "@/app/_lib/trpc";

/**
 * The conversation list for the chosen tab, status and sort: fetched once, then kept live by the organization's inbox
 * events. `onEvent` lets the page react too (sounds, desktop alerts).
 */
export function useInboxList(filter: ListFilter, myId: string | undefined, onEvent: (event: InboxEvent) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.agent.conversations.list.queryOptions({
    view: filter.view,
    states: statesOf[filter.status],
    sort: filter.sort,
    limit: 1000,
    ...(filter.labelId ? { labelId: filter.labelId } : {}),
  });
  const list = useQuery({ ...options, enabled: myId !== undefined });

  useSubscription(
    trpc.agent.onInbox.subscriptionOptions(undefined, {
      enabled: myId !== undefined,
      // (Re)connected: the list may have changed while we were away, so fetch it again.
      onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.agent.conversations.list.queryKey() }),
      onData: (event) => {
        queryClient.setQueryData(options.queryKey, (rows) => applyInboxEvent(rows, event.conversation, filter, myId));
        // The visitor panel shows pages and past conversations' states: any change to this visitor's rows reloads it.
        void queryClient.invalidateQueries({
          queryKey: trpc.agent.workspace.visitor.queryKey({ visitorId: event.conversation.visitorId }),
        });
        onEvent(event);
      },
    }),
  );

  /** After marking read here, show it at once (read marks travel as signals, not inbox events). */
  const markedRead = (conversationId: string, seq: number) =>
    queryClient.setQueryData(options.queryKey, (rows) =>
      rows?.map((row) => (row.id === conversationId ? { ...row, agentReadSeq: Math.max(row.agentReadSeq, seq) } : row)),
    );

  return { rows: list.data ?? [], loading: list.isPending, error: list.error, markedRead, refetch: list.refetch };
}

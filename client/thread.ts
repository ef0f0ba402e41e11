import type { VisitorMessage } from "@/server/contracts/messages";

/** A line in a chat thread as a client shows it: a stored message, or one of ours still on its way. */
export type ThreadItem = VisitorMessage & { status: "sending" | "sent" | "failed"; error?: string };

/**
 * Merges messages into a thread: one item per clientMsgId (an echo replaces our pending copy, a replay or a second
 * delivery changes nothing), stored messages in seq order, pending ones after them.
 */
export function mergeIntoThread(thread: ThreadItem[], incoming: VisitorMessage[]): ThreadItem[] {
  const byClientId = new Map(thread.map((item) => [item.clientMsgId, item]));
  for (const message of incoming) byClientId.set(message.clientMsgId, { ...message, status: "sent" });
  return [...byClientId.values()].sort((a, b) => (a.seq || Number.MAX_SAFE_INTEGER) - (b.seq || Number.MAX_SAFE_INTEGER));
}

export function pendingItem(clientMsgId: string, body: string, senderKind: VisitorMessage["senderKind"]): ThreadItem {
  return { id: clientMsgId, seq: 0, clientMsgId, senderKind, type: "text", body, createdAt: new Date().toISOString(), status: "sending" };
}

export function lastSeqOf(thread: ThreadItem[]): number {
  return thread.reduce((max, item) => Math.max(max, item.seq), 0);
}

/** Errors worth retrying are the ones where the request may not have arrived: no tRPC code, or a server fault. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  return !code || code === "INTERNAL_SERVER_ERROR" || code === "TOO_MANY_REQUESTS" || code === "TIMEOUT";
}

/**
 * Why the server closed a WebSocket, and whether to come back. The close reason is JSON:
 * `{ "reason": "slow_consumer", "retryAfterMs": 1000 }`. Clients retry after at least retryAfterMs (plus jitter);
 * `retryAfterMs: null` means do not retry as is (re-authenticate first).
 */
export const closeCodes = {
  /** The node is shutting down; other nodes take over. */
  serverRestart: 1012,
  /** The client did not read fast enough and the server stopped queueing for it. */
  slowConsumer: 4008,
  /** The client sent frames or calls past its budgets; it may come back after retryAfterMs. */
  flood: 4029,
  /**
   * The session behind the socket ended (logout, deactivation, password change, revocation) on any node:
   * retryAfterMs is null, a new socket is anonymous until the user signs in again.
   */
  sessionEnded: 4001,
  /** The user's role changed: reconnect now (retryAfterMs 0) to act with the rights they have now. */
  rightsChanged: 4003,
  /**
   * The node is past its admission rate: come back after retryAfterMs, the client's own slot. Sent to browsers,
   * which cannot read a refused upgrade's status or Retry-After; other clients get 503 with Retry-After instead.
   */
  tryAgainLater: 1013,
} as const;

export type CloseReason = {
  reason: "server_restart" | "slow_consumer" | "flood" | "session_ended" | "rights_changed" | "try_again_later";
  retryAfterMs: number | null;
  /** try_again_later: the slot's ticket, shown on the next socket (server/contracts/reconnect.ts). */
  ticket?: string;
};

export function closeReason(reason: CloseReason): string {
  return JSON.stringify(reason);
}

/** The least a client waits before reconnecting after each close code (the retryAfterMs the server sends with it). */
export const retryAfterMsByCode: Readonly<Record<number, number>> = {
  [closeCodes.serverRestart]: 0,
  [closeCodes.slowConsumer]: 1000,
  [closeCodes.flood]: 5000,
  [closeCodes.rightsChanged]: 0,
  [closeCodes.tryAgainLater]: 1000,
};

/** The ticket in a close frame's reason (try_again_later), or null. */
export function ticketOf(reason: string | undefined): string | null {
  if (reason?.[0] !== "{") return null;
  try {
    const ticket = (JSON.parse(reason) as { ticket?: unknown }).ticket;
    return typeof ticket === "string" && ticket.length <= 100 ? ticket : null;
  } catch {
    return null;
  }
}

/** The server's hint in a close frame's reason, or undefined when it gave none (or the reason is not ours). */
export function retryHintOf(reason: string | undefined): number | null | undefined {
  if (reason?.[0] !== "{") return undefined;
  try {
    const hint = (JSON.parse(reason) as { retryAfterMs?: unknown }).retryAfterMs;
    return hint === null || (typeof hint === "number" && hint >= 0) ? hint : undefined;
  } catch {
    return undefined;
  }
}

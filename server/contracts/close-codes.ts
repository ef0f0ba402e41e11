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
  /** The client sent frames faster than any real client would; it may come back after retryAfterMs. */
  flood: 4029,
} as const;

export type CloseReason = { reason: "server_restart" | "slow_consumer" | "flood"; retryAfterMs: number | null };

export function closeReason(reason: CloseReason): string {
  return JSON.stringify(reason);
}

/** The least a client waits before reconnecting after each close code (the retryAfterMs the server sends with it). */
export const retryAfterMsByCode: Readonly<Record<number, number>> = {
  [closeCodes.serverRestart]: 0,
  [closeCodes.slowConsumer]: 1000,
  [closeCodes.flood]: 5000,
};

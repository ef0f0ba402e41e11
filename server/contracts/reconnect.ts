/**
 * The "come back now" protocol between a node and clients that lost their socket without a hint (a killed node, a
 * dropped network). Instead of sleeping in a backoff of their own, they ask `GET reconnectWaitPath`: a node that is
 * starting holds the request until it is ready; a ready node answers at once. The answer is the client's admission
 * slot, spread at the node's admission rate, and a ticket that admits its socket at that slot without queueing again.
 */
export const reconnectWaitPath = "/api/reconnect-wait";

/** The query parameter a socket shows its ticket in. */
export const reconnectTicketParam = "ticket";

export type ReconnectSlot = {
  /** Open the socket after this many milliseconds. */
  retryAfterMs: number;
  /** Shown as `?ticket=` on that socket: admitted without counting against the rate again (once, near its slot). */
  ticket: string;
};

/** The slot in a 200 answer's body, or null when the body is not one. */
export function parseReconnectSlot(body: unknown): ReconnectSlot | null {
  if (!body || typeof body !== "object") return null;
  const { retryAfterMs, ticket } = body as Partial<ReconnectSlot>;
  if (typeof retryAfterMs !== "number" || !Number.isFinite(retryAfterMs) || retryAfterMs < 0 || retryAfterMs > 600_000) return null;
  if (typeof ticket !== "string" || ticket.length > 100) return null;
  return { retryAfterMs, ticket };
}

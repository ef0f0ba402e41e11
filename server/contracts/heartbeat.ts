/**
 * The heartbeat a node tells each WebSocket: it pings the socket (text "PING", which tRPC's client answers with
 * "PONG") after `intervalMs` without hearing from it, and drops it when no answer comes within `timeoutMs`. The client
 * closes a socket it has not heard from in `intervalMs + timeoutMs`, so both ends notice a dead peer in the same bound.
 *
 * The notice is a JSON-RPC request with id null: tRPC's client passes every frame with a `method` to its incoming
 * request handler, which acts only on "reconnect" and ignores the rest, so the notice never reaches a subscription.
 */
export type Heartbeat = { intervalMs: number; timeoutMs: number };

const noticePrefix = '{"id":null,"method":"heartbeat"';

export function heartbeatNotice(heartbeat: Heartbeat): string {
  return `${noticePrefix},"params":${JSON.stringify({ intervalMs: heartbeat.intervalMs, timeoutMs: heartbeat.timeoutMs })}}`;
}

/** The heartbeat a frame tells, or null for any other frame (checked by prefix first: most frames are not notices). */
export function parseHeartbeatNotice(data: unknown): Heartbeat | null {
  if (typeof data !== "string" || !data.startsWith(noticePrefix)) return null;
  try {
    const { intervalMs, timeoutMs } = (JSON.parse(data) as { params?: Partial<Heartbeat> }).params ?? {};
    const valid = (ms: unknown): ms is number => typeof ms === "number" && Number.isFinite(ms) && ms > 0 && ms <= 600_000;
    return valid(intervalMs) && valid(timeoutMs) ? { intervalMs, timeoutMs } : null;
  } catch {
    return null;
  }
}

/** The query parameter a client adds when it reconnects after its socket failed, so the node watches it closely. */
export const afterFailureParam = "afterFailure";

import { parseHeartbeatNotice, type Heartbeat } from "../../server/contracts/heartbeat.ts";

/** What a client assumes until the server's first notice arrives: the server's idle heartbeat. */
export const assumedHeartbeat: Heartbeat = { intervalMs: 25_000, timeoutMs: 10_000 };

/**
 * A WebSocket class for tRPC's createWSClient that follows the heartbeat the server tells it (see
 * server/contracts/heartbeat.ts) instead of pinging on a timer of its own: the server pings, tRPC answers, and a
 * socket that has heard nothing for the told interval plus its answer wait is closed, so tRPC reconnects. This is how
 * a client notices a half-open connection (a NAT or proxy that dropped it silently) as fast as the server does.
 */
export function followServerHeartbeat(
  Base: typeof globalThis.WebSocket,
  onHeartbeat?: (heartbeat: Heartbeat) => void,
): typeof globalThis.WebSocket {
  return class HeartbeatFollowingSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      let silenceLimitMs = assumedHeartbeat.intervalMs + assumedHeartbeat.timeoutMs;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const rearm = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => giveUp(this), silenceLimitMs);
      };
      this.addEventListener("open", rearm);
      this.addEventListener("message", ({ data }) => {
        const told = parseHeartbeatNotice(data);
        if (told) {
          silenceLimitMs = told.intervalMs + told.timeoutMs;
          onHeartbeat?.(told);
        }
        rearm();
      });
      this.addEventListener("close", () => clearTimeout(watchdog));
    }
  };
}

/** Node's `ws` can drop a dead socket at once; a browser's close() is the most it allows. */
function giveUp(socket: WebSocket) {
  const terminate = (socket as WebSocket & { terminate?: () => void }).terminate;
  if (typeof terminate === "function") terminate.call(socket);
  else socket.close();
}

import type { WebSocket } from "ws";
import { heartbeatNotice } from "../contracts/heartbeat.ts";

export type HeartbeatOptions = {
  /** Between pings to a socket with no recent traffic. */
  idleIntervalMs: number;
  /** Between pings to a socket with recent traffic (a live conversation) or that just came back after a failure. */
  activeIntervalMs: number;
  /** How long a pinged socket has to answer before it is dropped. idleIntervalMs + this bounds a dead peer's life. */
  pongWaitMs: number;
  /** Traffic this recent makes a socket active. */
  activeWindowMs: number;
};

/** A dead peer goes within 25 s + 10 s = 35 s, under the 40 s the product promises. */
export const heartbeatDefaults: HeartbeatOptions = {
  idleIntervalMs: 25_000,
  activeIntervalMs: 10_000,
  pongWaitMs: 10_000,
  activeWindowMs: 30_000,
};

/**
 * Keeps one socket alive, or drops it: pings after the current interval without hearing from the peer, terminates it
 * when the answer does not come in time, and tells the peer the interval whenever it changes. The interval is short
 * while frames other than heartbeats flow (either way) or right after the peer reconnected from a failure, long when
 * idle — so a chatting visitor whose network drops is noticed in seconds, and idle sockets cost few wake-ups.
 */
export function keepSocketAlive(ws: WebSocket, options: HeartbeatOptions, peer: { afterFailure: boolean }, now: () => number = Date.now) {
  const send = ws.send.bind(ws) as (data: string) => void;
  let lastTraffic = peer.afterFailure ? now() : Number.NEGATIVE_INFINITY;
  let lastHeard = now();
  let told = 0;
  let awaitingPong = false;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setTimeout> | undefined;

  const currentInterval = () => (now() - lastTraffic < options.activeWindowMs ? options.activeIntervalMs : options.idleIntervalMs);
  // The ping is due an interval after the peer was last heard (not after the interval changed), which keeps a dead
  // peer's life within idleIntervalMs + pongWaitMs whatever happens meanwhile.
  const schedule = () => {
    const interval = currentInterval();
    if (interval !== told) {
      told = interval;
      if (ws.readyState === ws.OPEN) send(heartbeatNotice({ intervalMs: interval, timeoutMs: options.pongWaitMs }));
    }
    clearTimeout(pingTimer);
    if (!awaitingPong) pingTimer = setTimeout(ping, Math.max(0, lastHeard + interval - now()));
  };
  const ping = () => {
    if (ws.readyState !== ws.OPEN) return;
    send("PING");
    awaitingPong = true;
    pongTimer = setTimeout(() => ws.terminate(), options.pongWaitMs);
  };
  const noteTraffic = () => {
    lastTraffic = now();
    if (told !== options.activeIntervalMs) schedule();
  };

  // Every frame tRPC writes (responses, subscription events) goes through ws.send; our own notices and pings do not.
  // Named parameters, not a rest array: this runs once per frame sent, tens of times per message.
  ws.send = ((data: unknown, options?: unknown, callback?: unknown) => {
    noteTraffic();
    (send as (data: unknown, options?: unknown, callback?: unknown) => void)(data, options, callback);
  }) as WebSocket["send"];
  ws.on("message", (data, isBinary) => {
    clearTimeout(pongTimer);
    awaitingPong = false;
    lastHeard = now();
    if (isBinary || !isHeartbeatFrame(data)) lastTraffic = now();
    schedule();
  });
  ws.on("close", () => {
    clearTimeout(pingTimer);
    clearTimeout(pongTimer);
  });
  schedule();
}

/** "PING" or "PONG": four bytes, so longer frames are never turned into strings here. */
function isHeartbeatFrame(data: unknown): boolean {
  if (!Buffer.isBuffer(data) || data.length !== 4) return false;
  const text = data.toString("latin1");
  return text === "PING" || text === "PONG";
}

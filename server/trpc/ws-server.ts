import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { TRPCError } from "@trpc/server";
import { getWSConnectionHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { closeCodes, closeReason } from "../contracts/close-codes.ts";
import { afterFailureParam } from "../contracts/heartbeat.ts";
import { reconnectTicketParam, type ReconnectSlot } from "../contracts/reconnect.ts";
import { createSessionCache, sessionCacheDefaults, type SessionCacheOptions } from "../domain/agents/session-cache.ts";
import { sessionIdOf } from "../domain/agents/sessions.ts";
import type { Deps } from "../domain/deps.ts";
import { createReconnectTickets } from "../http/reconnect-tickets.ts";
import { createAdmission, eventLoopLag } from "../http/admission.ts";
import { createOriginGuard, refuseOrigin } from "../http/upgrade-guard.ts";
import { agentSockets as agentPresenceSockets } from "../realtime/agent-sockets.ts";
import { coalesceWrites } from "../realtime/coalesce-writes.ts";
import { frameEncoder } from "../realtime/frame-encoder.ts";
import { noteSubscriptions } from "../realtime/lean-subscriptions.ts";
import { heartbeatDefaults, keepSocketAlive, type HeartbeatOptions } from "../realtime/heartbeat.ts";
import { acceptPreframed } from "../realtime/ws-frames.ts";
import { callLimitDefaults, createCallLimits, type CallLimitOptions, type SocketGuard } from "./call-limits.ts";
import { createWsContext, identifySocket, type Context } from "./context.ts";
import { answerBeside } from "./lean-calls.ts";
import { appRouter } from "./router.ts";
import { trackAgentSockets } from "./socket-sessions.ts";

export const trpcWsPath = "/api/trpc-ws";
/** A frame larger than this closes the socket with 1009 (message too big); the largest valid call is ~6 KB. */
const maxFrameBytes = 64 * 1024;

export type WsServerOptions = {
  /**
   * The most new connections accepted per second by this process; the rate follows what it completes, up to this
   * (server/http/admission.ts). Past the rate, upgrades get 503 with Retry-After.
   */
  acceptPerSecond: number;
  /** Bytes a socket may have queued unsent before it is closed as a slow consumer. */
  maxBufferedBytes: number;
  /** Frames one socket may send per second (typing is throttled to ~3/s by our clients); past it, it is closed. */
  maxFramesPerSecond: number;
  /** Budgets per call (server/trpc/call-limits.ts). */
  calls: Partial<CallLimitOptions>;
  /** The server-driven heartbeat (server/realtime/heartbeat.ts); tests shorten it. */
  heartbeat: HeartbeatOptions;
  /** How long a session is trusted without a push (server/domain/agents/session-cache.ts); tests shorten it. */
  sessions: Partial<SessionCacheOptions>;
};

const defaults: WsServerOptions = {
  acceptPerSecond: 500,
  maxBufferedBytes: 1024 * 1024,
  maxFramesPerSecond: 100,
  calls: callLimitDefaults,
  heartbeat: heartbeatDefaults,
  sessions: sessionCacheDefaults,
};
const floodRetryAfterMs = 5_000;

/**
 * Closes a socket whose unsent queue passed the cap instead of queueing more for it, so one stalled client cannot
 * grow the process's memory; it reconnects and resumes from its last seq.
 */
export function capQueuedBytes(ws: WebSocket, maxBufferedBytes: number) {
  // Named parameters, not a rest array: this runs once per frame sent.
  const send = ws.send.bind(ws) as (data: unknown, options?: unknown, callback?: unknown) => void;
  ws.send = ((data: unknown, options?: unknown, callback?: unknown) => {
    if (ws.bufferedAmount > maxBufferedBytes) {
      if (ws.readyState === ws.OPEN) {
        ws.close(closeCodes.slowConsumer, closeReason({ reason: "slow_consumer", retryAfterMs: 1000 }));
      }
      return;
    }
    send(data, options, callback);
  }) as WebSocket["send"];
}

export function closeForFlood(ws: WebSocket) {
  if (ws.readyState === ws.OPEN) ws.close(closeCodes.flood, closeReason({ reason: "flood", retryAfterMs: floodRetryAfterMs }));
}

/**
 * Puts a gate in front of the tRPC handler's frame listener (registered while `attach` runs): frames past
 * `maxFramesPerSecond` close the socket with 4029, and once the socket is closing (flood, lost session, drain)
 * nothing more it sent is handed to tRPC, even frames the socket had already read. An admitted frame that
 * `answerBeside` takes (lean-calls.ts) is not handed to tRPC.
 */
export function gateFrames(
  ws: WebSocket,
  guard: SocketGuard,
  maxFramesPerSecond: number,
  attach: () => void,
  answerBeside: (data: Buffer, isBinary: boolean) => boolean = () => false,
) {
  let windowStart = 0;
  let frames = 0;
  const admit = () => {
    if (guard.closed || ws.readyState !== ws.OPEN) return false;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      frames = 0;
    }
    if (++frames <= maxFramesPerSecond) return true;
    guard.closed = true;
    closeForFlood(ws);
    return false;
  };
  const on = ws.on;
  ws.on = function (this: WebSocket, event: string, listener: (...args: unknown[]) => void) {
    if (event !== "message") return on.call(this, event, listener);
    return on.call(this, event, (...args: unknown[]) => {
      if (admit() && !answerBeside(args[0] as Buffer, args[1] as boolean)) listener(...args);
    });
  } as WebSocket["on"];
  try {
    attach();
  } finally {
    ws.on = on;
  }
}

/** A first call not answered within this long no longer counts as a connect in progress (the socket may be stuck). */
const unansweredConnectMs = 10_000;

/**
 * What the admission weighs as a connect's work (server/http/admission.ts): from the socket's first frame to its first
 * answer (a call's result or a subscription's start, written by tRPC or the lean paths; heartbeats bound `send` before
 * this) — authentication and starting what it subscribes to. Timed on the server's side only: a client slow to send
 * its first call (a busy browser or load generator) is not the node falling behind. A socket that closes first is gone.
 */
function countConnect(ws: WebSocket, admission: ReturnType<typeof createAdmission>) {
  ws.once("message", () => {
    const connect = admission.connecting();
    const send = ws.send;
    const restore = (outcome: () => void) => {
      ws.send = send;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => restore(connect.gone), unansweredConnectMs);
    ws.once("close", () => restore(connect.gone));
    ws.send = ((data: unknown, options?: unknown, callback?: unknown) => {
      restore(connect.completed);
      return (send as (data: unknown, options?: unknown, callback?: unknown) => void).call(ws, data, options, callback);
    }) as WebSocket["send"];
  });
}

/**
 * The tRPC WebSocket endpoint. tRPC answers a malformed JSON frame with a PARSE_ERROR response and keeps the socket;
 * an oversized frame closes it with 1009, a flood of frames or calls with 4029, a session that ended with 4001, a
 * changed role with 4003. Either way the process serves everyone else.
 */
export function createTrpcWsServer(deps: Deps, options: Partial<WsServerOptions> = {}) {
  const { acceptPerSecond, maxBufferedBytes, maxFramesPerSecond, heartbeat, calls, sessions: sessionOptions } = { ...defaults, ...options };
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const loop = eventLoopLag();
  const admission = createAdmission({ maxPerSecond: acceptPerSecond, lagMs: loop.lagMs });
  const tickets = createReconnectTickets(deps.sessionSecret);
  /** Books the next slot, or (with `withinMs`) only one at most that far ahead: null when there is none yet. */
  function bookReconnectSlot(): ReconnectSlot;
  function bookReconnectSlot(withinMs: number): ReconnectSlot | null;
  function bookReconnectSlot(withinMs?: number): ReconnectSlot | null {
    const retryAfterMs = admission.reserve(withinMs);
    return retryAfterMs === null ? null : { retryAfterMs, ticket: tickets.issue(Date.now() + retryAfterMs) };
  }
  const originAllowed = createOriginGuard(deps);
  const sessions = createSessionCache(deps, sessionOptions);
  const agentSockets = trackAgentSockets(sessions);
  const limits = createCallLimits(deps.limits.store, calls);
  const guards = new WeakMap<WebSocket, SocketGuard>();
  /** Each socket's context once tRPC has made it, for the calls answered beside tRPC (lean-calls.ts). */
  const contexts = new WeakMap<WebSocket, Context>();
  const onError = ({ error, path }: { error: TRPCError; path: string | undefined }) => {
    if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error("ws procedure failed", { path, error: String(error.cause ?? error) });
  };
  const agentPresence = agentPresenceSockets(deps);
  const handleConnection = getWSConnectionHandler({
    // Connections are handed over by the listener below, never by tRPC's own (it would skip the frame gate).
    wss,
    router: appRouter,
    // Bus events go out as the bytes they arrived as, not re-encoded per subscriber (server/realtime/frame-encoder.ts).
    experimental_encoder: frameEncoder,
    createContext: async ({ req, res, info }) => {
      const ws = res as WebSocket;
      const ctx = await createWsContext(deps, req, info.connectionParams, { sessions, guard: guards.get(ws) ?? null });
      if (ctx.agent && ctx.sessionToken) await agentSockets.add(ws, ctx.agent, sessionIdOf(ctx.sessionToken));
      if (ctx.agent) agentPresence.track(ws, ctx.agent);
      contexts.set(ws, ctx);
      return identifySocket(deps, ws, ctx);
    },
    onError,
  });

  wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    deps.metrics?.socketOpened(ws);
    // First, so the send wrappers below (coalescing, the slow-consumer cap) see pre-encoded frames like any other.
    acceptPreframed(ws);
    coalesceWrites(ws);
    // Before the gated tRPC listener: the lean inbox path learns each subscription's socket and id from the frame.
    noteSubscriptions(ws);
    capQueuedBytes(ws, maxBufferedBytes);
    keepSocketAlive(ws, heartbeat, { afterFailure: new URLSearchParams(req.url?.split("?")[1]).has(afterFailureParam) });
    countConnect(ws, admission);
    const guard = limits.socket(() => closeForFlood(ws));
    guards.set(ws, guard);
    gateFrames(
      ws,
      guard,
      maxFramesPerSecond,
      () => handleConnection(ws, req),
      (data, isBinary) => !isBinary && answerBeside(ws, contexts.get(ws), data, (error) => onError({ error, path: "visitor.send" })),
    );
  });

  return {
    /** Open sockets on this process, for the node registry. */
    connectionCount: () => wss.clients.size,
    /**
     * Origin first (403), then admission control: over the rate, the client is told when to come back instead of
     * being served late — 503 + Retry-After, or for a browser (it sends Origin) an accepted socket closed at once
     * with 1013 and its slot in the reason.
     */
    async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      if (!(await originAllowed(req).catch(() => false))) return refuseOrigin(socket);
      // A ticket's slot was counted when it was booked (the reconnect wait, a 1013 close): not counted again.
      const ticket = new URLSearchParams(req.url?.split("?")[1]).get(reconnectTicketParam);
      const retryAfterMs = tickets.redeem(ticket) ? null : admission.admit();
      if (retryAfterMs !== null) {
        deps.metrics?.admissionRefused();
        if (!req.headers.origin) return admission.refuse(socket, retryAfterMs);
        // A browser sees a refused upgrade only as "closed (1006)"; a close frame's reason it can read. It comes back
        // with the ticket, so its slot is booked.
        const slot = bookReconnectSlot();
        const later = closeReason({ reason: "try_again_later", ...slot });
        return void wss.handleUpgrade(req, socket, head, (ws) => ws.close(closeCodes.tryAgainLater, later));
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },

    /** Books an admission slot for a client that asked when to come back (server/http/reconnect-wait.ts). */
    bookReconnectSlot,
    /** Counts the calls made here into the budgets shared with other nodes now (tests; otherwise every ~200 ms). */
    flushCallBudgets: limits.flush,

    /**
     * Tells every client to reconnect elsewhere, spread evenly over `spreadMs` so they do not come back as one herd,
     * then closes what is left, each close frame saying when that client should come back (spread the same way).
     */
    async drain(spreadMs: number): Promise<void> {
      agentPresence.drain();
      const clients = [...wss.clients];
      const notice = JSON.stringify({ id: null, method: "reconnect" });
      const slotOf = (index: number, count: number) => (count > 1 ? Math.round((spreadMs * index) / (count - 1)) : 0);
      await Promise.all(
        clients.map(
          (client: WebSocket, index) =>
            new Promise<void>((resolve) => {
              setTimeout(
                () => {
                  if (client.readyState === client.OPEN) client.send(notice);
                  resolve();
                },
                slotOf(index, clients.length),
              );
            }),
        ),
      );
      // Give the last notified clients a moment to move their subscriptions before the sockets go.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const left = [...wss.clients];
      left.forEach((client, index) => {
        guards.get(client)?.closeQuietly();
        client.close(closeCodes.serverRestart, closeReason({ reason: "server_restart", retryAfterMs: slotOf(index, left.length) }));
      });
      agentSockets.stop();
      sessions.close();
      loop.stop();
      wss.close();
    },
  };
}

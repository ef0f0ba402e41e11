import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { WebSocketServer, type WebSocket } from "ws";
import { closeCodes, closeReason } from "../contracts/close-codes.ts";
import { afterFailureParam } from "../contracts/heartbeat.ts";
import type { Deps } from "../domain/deps.ts";
import { agentSockets } from "../realtime/agent-sockets.ts";
import { heartbeatDefaults, keepSocketAlive, type HeartbeatOptions } from "../realtime/heartbeat.ts";
import { createWsContext } from "./context.ts";
import { appRouter } from "./router.ts";

export const trpcWsPath = "/api/trpc-ws";
/** A frame larger than this closes the socket with 1009 (message too big); the largest valid call is ~6 KB. */
const maxFrameBytes = 64 * 1024;

export type WsServerOptions = {
  /** New connections accepted per second by this process; past it, upgrades get 503 with Retry-After. */
  acceptPerSecond: number;
  /** Bytes a socket may have queued unsent before it is closed as a slow consumer. */
  maxBufferedBytes: number;
  /** Frames one socket may send per second (typing is throttled to ~3/s by our clients); past it, it is closed. */
  maxFramesPerSecond: number;
  /** The server-driven heartbeat (server/realtime/heartbeat.ts); tests shorten it. */
  heartbeat: HeartbeatOptions;
};

const defaults: WsServerOptions = { acceptPerSecond: 500, maxBufferedBytes: 1024 * 1024, maxFramesPerSecond: 100, heartbeat: heartbeatDefaults };
const floodRetryAfterMs = 5_000;

/**
 * Closes a socket whose unsent queue passed the cap instead of queueing more for it, so one stalled client cannot
 * grow the process's memory; it reconnects and resumes from its last seq.
 */
export function capQueuedBytes(ws: WebSocket, maxBufferedBytes: number) {
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  ws.send = ((data: unknown, ...rest: unknown[]) => {
    if (ws.bufferedAmount > maxBufferedBytes) {
      if (ws.readyState === ws.OPEN) {
        ws.close(closeCodes.slowConsumer, closeReason({ reason: "slow_consumer", retryAfterMs: 1000 }));
      }
      return;
    }
    send(data, ...rest);
  }) as WebSocket["send"];
}

/**
 * Closes a socket that sends more frames per second than the limiter allows: a runaway or hostile client, whose
 * frames would otherwise cost every other client on this process CPU. Counted per socket.
 */
export function closeFlooders(ws: WebSocket, limiter: RateLimiterMemory, socketKey: string) {
  ws.on("message", () => {
    limiter.consume(socketKey).catch(() => {
      if (ws.readyState === ws.OPEN) ws.close(closeCodes.flood, closeReason({ reason: "flood", retryAfterMs: floodRetryAfterMs }));
    });
  });
}

/**
 * The tRPC WebSocket endpoint. tRPC answers a malformed JSON frame with a PARSE_ERROR response and keeps the socket;
 * an oversized frame closes it with 1009, a flood of frames with 4029. Either way the process serves everyone else.
 */
export function createTrpcWsServer(deps: Deps, options: Partial<WsServerOptions> = {}) {
  const { acceptPerSecond, maxBufferedBytes, maxFramesPerSecond, heartbeat } = { ...defaults, ...options };
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const admission = new RateLimiterMemory({ points: acceptPerSecond, duration: 1 });
  const frames = new RateLimiterMemory({ points: maxFramesPerSecond, duration: 1 });
  let connections = 0;
  const agents = agentSockets(deps);
  wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
    capQueuedBytes(ws, maxBufferedBytes);
    closeFlooders(ws, frames, String(++connections));
    keepSocketAlive(ws, heartbeat, { afterFailure: new URLSearchParams(req.url?.split("?")[1]).has(afterFailureParam) });
  });
  applyWSSHandler({
    wss,
    router: appRouter,
    createContext: async ({ req, res, info }) => {
      const context = await createWsContext(deps, req, info.connectionParams);
      if (context.agent) agents.track(res, context.agent);
      return context;
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error("ws procedure failed", { path, error: String(error.cause ?? error) });
    },
  });

  return {
    /** Open sockets on this process, for the node registry. */
    connectionCount: () => wss.clients.size,
    /** Admission control first: over the rate, the client is told when to come back instead of being served late. */
    async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      try {
        await admission.consume("accept");
      } catch {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },

    /**
     * Tells every client to reconnect elsewhere, spread evenly over `spreadMs` so they do not come back as one herd,
     * then closes what is left.
     */
    async drain(spreadMs: number): Promise<void> {
      agents.drain();
      const clients = [...wss.clients];
      const notice = JSON.stringify({ id: null, method: "reconnect" });
      await Promise.all(
        clients.map(
          (client: WebSocket, index) =>
            new Promise<void>((resolve) => {
              const delay = clients.length > 1 ? Math.round((spreadMs * index) / (clients.length - 1)) : 0;
              setTimeout(() => {
                if (client.readyState === client.OPEN) client.send(notice);
                resolve();
              }, delay);
            }),
        ),
      );
      // Give the last notified clients a moment to move their subscriptions before the sockets go.
      await new Promise((resolve) => setTimeout(resolve, 250));
      for (const client of wss.clients) {
        client.close(closeCodes.serverRestart, closeReason({ reason: "server_restart", retryAfterMs: 0 }));
      }
      wss.close();
    },
  };
}

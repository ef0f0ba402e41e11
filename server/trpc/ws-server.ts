import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Deps } from "../domain/deps.ts";
import { createWsContext } from "./context.ts";
import { appRouter } from "./router.ts";

export const trpcWsPath = "/api/trpc-ws";
/** A frame larger than this closes the socket with 1009 (message too big); the largest valid call is ~6 KB. */
const maxFrameBytes = 64 * 1024;

/**
 * The tRPC WebSocket endpoint. tRPC answers a malformed JSON frame with a PARSE_ERROR response and keeps the socket;
 * an oversized frame closes it with 1009. Either way the process serves everyone else.
 */
export function createTrpcWsServer(deps: Deps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  applyWSSHandler({
    wss,
    router: appRouter,
    createContext: ({ req, info }) => createWsContext(deps, req, info.connectionParams),
    keepAlive: { enabled: true, pingMs: 25_000, pongWaitMs: 10_000 },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") deps.log.error("ws procedure failed", { path, error: String(error.cause ?? error) });
    },
  });

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
    },

    /**
     * Tells every client to reconnect elsewhere, spread evenly over `spreadMs` so they do not come back as one herd,
     * then closes what is left.
     */
    async drain(spreadMs: number): Promise<void> {
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
      for (const client of wss.clients) client.close(1012, "server restarting");
      wss.close();
    },
  };
}

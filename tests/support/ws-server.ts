import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import type { Deps } from "../../server/domain/deps.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
import { createTrpcWsServer, trpcWsPath, type WsServerOptions } from "../../server/trpc/ws-server.ts";

/** The real tRPC WebSocket endpoint on a real port, without Next (which these tests do not need). */
export async function startWsServer(deps: Deps, port = 0, options: Partial<WsServerOptions> = {}) {
  const trpcWs = createTrpcWsServer(deps, options);
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.split("?")[0] === trpcWsPath) void trpcWs.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${address.port}${trpcWsPath}`,
    port: address.port,
    bookReconnectSlot: trpcWs.bookReconnectSlot,
    flushCallBudgets: trpcWs.flushCallBudgets,
    async stop(spreadMs = 0) {
      await trpcWs.drain(spreadMs);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A Node client as an app would make it: ws from the `ws` package (Node 20 has no global WebSocket). */
export function nodeClient(url: string, auth: { visitorToken?: () => Promise<string>; cookie?: string }) {
  const cookie = auth.cookie;
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  const socket = createWSClient({
    url,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 100,
    ...(auth.visitorToken ? { connectionParams: async () => ({ visitorToken: await auth.visitorToken!() }) } : {}),
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }), close: () => socket.close() };
}

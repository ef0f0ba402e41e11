import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVisitorClient } from "../../widget/sdk.ts";
import type { VisitorMessage } from "../../server/contracts/messages.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { createTrpcHttpHandler, trpcHttpPrefix } from "../../server/trpc/http-handler.ts";
import { createTrpcWsServer, trpcWsPath } from "../../server/trpc/ws-server.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/**
 * The app's HTTP and WebSocket tRPC endpoints on a real port (no Next). `outage()` drops every socket and refuses
 * new ones until `recover()`, like a node that is down, while keeping the port (other test files run in parallel).
 */
async function startApp(deps: Awaited<ReturnType<typeof createTestWorld>>["deps"]) {
  const handleTrpc = createTrpcHttpHandler(deps);
  const trpcWs = createTrpcWsServer(deps);
  const sockets = new Set<Duplex>();
  let down = false;
  let refuseUpgrades = false;
  let refusedWhileDown = 0;
  const server: Server = createServer((req, res) => {
    if (down) {
      refusedWhileDown++;
      return void res.writeHead(503).end();
    }
    if (req.url === "/healthz") return void res.writeHead(200).end("{}");
    if (req.url?.startsWith(trpcHttpPrefix)) return void handleTrpc(req, res);
    res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (down) refusedWhileDown++;
    if (down || refuseUpgrades || req.url?.split("?")[0] !== trpcWsPath) return void socket.destroy();
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    void trpcWs.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    /** Requests and upgrades turned away during outages: how often a client came back to ask. */
    refusedWhileDown: () => refusedWhileDown,
    outage() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    recover() {
      down = false;
    },
    /** A proxy in front that passes HTTP but not WebSocket. */
    blockWebSocket() {
      refuseUpgrades = true;
    },
    async stop() {
      await trpcWs.drain(0);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 20_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
};

describe.each(backends())("the typed visitor client from Node on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("sends, receives replies live, and across an outage loses and doubles nothing", async () => {
    const tenant = await createTenant(world.deps);
    const app = await startApp(world.deps);
    const links: boolean[] = [];
    const client = createVisitorClient({
      baseUrl: `http://127.0.0.1:${app.port}`,
      siteKey: tenant.site.siteKey,
      deviceId: "node-client-device-0001",
      origin: "https://shop.example",
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      onLink: (up) => links.push(up),
    });
    const received: VisitorMessage[] = [];
    const stop = client.onMessage(0, (message) => received.push(message));
    try {
      const first = await client.send("hello from a Node app");
      expect(first).toMatchObject({ seq: 1, duplicate: false });
      await until(() => received.some((message) => message.seq === 1));

      await sendAgentMessage(world.deps, tenant.agent, {
        conversationId: first.conversationId,
        clientMsgId: clientMsgId(),
        body: "hi Node",
      });
      await until(() => received.some((message) => message.body === "hi Node"));

      // The server goes away; the agent writes meanwhile; the app sends meanwhile.
      app.outage();
      await until(() => links.at(-1) === false);
      await sendAgentMessage(world.deps, tenant.agent, {
        conversationId: first.conversationId,
        clientMsgId: clientMsgId(),
        body: "while you were away",
      });
      const sending = client.send("typed while offline", "offline-message-0001");
      app.recover();
      // Acked with the message's place in the thread. Whether this call or a resend of it stored it is not fixed:
      // tRPC's socket client can put a request queued during the outage on the new socket twice (its reconnect and
      // its own flush both send it), and both copies can land in one micro-batch; either way it is stored once.
      const ack = await sending;
      expect(ack).toMatchObject({ conversationId: first.conversationId, seq: expect.any(Number) });
      expect(await world.deps.db.message.count({ where: { clientMsgId: "offline-message-0001" } })).toBe(1);
      await until(
        () =>
          received.some((message) => message.body === "while you were away") &&
          received.some((message) => message.body === "typed while offline"),
      );
      // Every seq once, in order.
      const seqs = received.map((message) => message.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      // A retried clientMsgId returns the stored message.
      await expect(client.send("typed while offline", "offline-message-0001")).resolves.toMatchObject({ duplicate: true });
    } finally {
      stop();
      client.close();
      await app.stop();
    }
  });

  it("falls back to server-sent events only where WebSocket is blocked, not after a restart of a server it was connected to", async () => {
    const tenant = await createTenant(world.deps);
    // Only the choice is tested here (Node has no EventSource; the browser fallback is in tests/e2e/sse-fallback.spec.ts).
    const EventSource = class {} as unknown as typeof globalThis.EventSource;
    const options = (port: number, deviceId: string) => ({
      baseUrl: `http://127.0.0.1:${port}`,
      siteKey: tenant.site.siteKey,
      deviceId,
      origin: "https://shop.example",
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      EventSource,
    });

    const restarting = await startApp(world.deps);
    const links: boolean[] = [];
    const connected = createVisitorClient({ ...options(restarting.port, "fallback-device-000001"), onLink: (up) => links.push(up) });
    try {
      await connected.send("hello");
      // Down for a while: the client comes back again and again (to the reconnect wait or the socket) and every
      // answer is a 503 or a refused upgrade.
      restarting.outage();
      await until(() => links.includes(false) && restarting.refusedWhileDown() >= 4);
      restarting.recover();
      await expect(connected.send("back again")).resolves.toMatchObject({ duplicate: false });
      expect(connected.transport()).toBe("websocket");
    } finally {
      connected.close();
      await restarting.stop();
    }

    const behindProxy = await startApp(world.deps);
    behindProxy.blockWebSocket();
    const blocked = createVisitorClient(options(behindProxy.port, "fallback-device-000002"));
    try {
      await until(() => blocked.transport() === "sse");
    } finally {
      blocked.close();
      await behindProxy.stop();
    }
  });

  it("reports a site that refuses it as fatal, with the server's reason", async () => {
    const tenant = await createTenant(world.deps);
    const app = await startApp(world.deps);
    const fatal: string[] = [];
    const client = createVisitorClient({
      baseUrl: `http://127.0.0.1:${app.port}`,
      siteKey: tenant.site.siteKey,
      deviceId: "node-client-device-0002",
      origin: "https://evil.example",
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      onFatal: (message) => fatal.push(message),
    });
    try {
      await until(() => fatal.length > 0);
      expect(fatal[0]).toBe("origin https://evil.example is not allowed for this site (add it in Dashboard → Sites → Allowed origins)");
    } finally {
      client.close();
      await app.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseHeartbeatNotice } from "../../server/contracts/heartbeat.ts";
import type { AgentMessage } from "../../server/contracts/messages.ts";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { backends } from "../support/test-database.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { capQueuedBytes } from "../../server/trpc/ws-server.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";

const until = async (check: () => boolean, timeoutMs = 8000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

function rawSocket(url: string) {
  const socket = new WebSocket(url);
  const received: unknown[] = [];
  socket.on("message", (data) => {
    if (!parseHeartbeatNotice(String(data))) received.push(JSON.parse(String(data)));
  });
  const closed = new Promise<{ code: number }>((resolve) => socket.on("close", (code) => resolve({ code })));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return { socket, received, closed, opened };
}

describe.each(backends())("tRPC over WebSocket on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  let agentCookie: string;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    tenant = await createTenant(world.deps);
    server = await startWsServer(world.nodes[0]!);
    const session = await logIn(world.deps, { email: tenant.admin.email, password: testPassword });
    agentCookie = `${sessionCookieName}=${session.token}`;
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  it("answers a malformed JSON frame with PARSE_ERROR and keeps serving that socket and others", async () => {
    const raw = rawSocket(server.url);
    await raw.opened;
    raw.socket.send("{this is not json");
    await until(() => raw.received.length > 0);
    expect(raw.received[0]).toMatchObject({ id: null, error: { code: -32700, data: { code: "PARSE_ERROR" } } });
    expect(raw.socket.readyState).toBe(WebSocket.OPEN);
    raw.socket.send(JSON.stringify({ id: 1, method: "query", params: { path: "auth.me" } }));
    await until(() => raw.received.length > 1);
    expect(raw.received[1]).toMatchObject({ id: 1, error: { data: { code: "UNAUTHORIZED" } } });
    raw.socket.close();

    const visitor = await tenant.visitor();
    const client = nodeClient(server.url, { visitorToken: async () => visitor.token });
    expect(await client.trpc.visitor.thread.query({})).toMatchObject({ conversationId: null, messages: [] });
    await client.close();
  });

  it("closes a socket that sends an oversized frame with 1009, and only that socket", async () => {
    const raw = rawSocket(server.url);
    await raw.opened;
    raw.socket.send("x".repeat(200 * 1024));
    expect((await raw.closed).code).toBe(1009);
    const visitor = await tenant.visitor();
    const client = nodeClient(server.url, { visitorToken: async () => visitor.token });
    await expect(client.trpc.visitor.thread.query({})).resolves.toMatchObject({ messages: [] });
    await client.close();
  });

  it("closes a socket that floods frames with 4029 and a retry hint, and only that socket", async () => {
    const raw = rawSocket(server.url);
    await raw.opened;
    const visitor = await tenant.visitor();
    const client = nodeClient(server.url, { visitorToken: async () => visitor.token });
    for (let i = 0; i < 500; i++) raw.socket.send(JSON.stringify({ id: i, method: "query", params: { path: "auth.me" } }));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      raw.socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
    );
    expect(closed).toEqual({ code: 4029, reason: JSON.stringify({ reason: "flood", retryAfterMs: 5000 }) });
    await expect(client.trpc.visitor.thread.query({})).resolves.toMatchObject({ messages: [] });
    await client.close();
  });

  it("refuses a forged visitor token at connect with a clear error", async () => {
    const client = nodeClient(server.url, { visitorToken: async () => "forged.token.value" });
    await expect(client.trpc.visitor.thread.query({})).rejects.toMatchObject({ message: "visitor token is invalid" });
    await client.close();
  });

  it("visitor → agent → visitor round trip, live on both sides; the agent's socket is authenticated by cookie", async () => {
    const visitor = await tenant.visitor();
    const visitorClient = nodeClient(server.url, { visitorToken: async () => visitor.token });
    const agentClient = nodeClient(server.url, { cookie: agentCookie });
    const inbox: unknown[] = [];
    const inboxSub = agentClient.trpc.agent.onInbox.subscribe(undefined, { onData: (event) => inbox.push(event) });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const ack = await visitorClient.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "hello" });
    await until(() => inbox.some((event) => (event as { reason: string }).reason === "message"));

    const agentSeen: AgentMessage[] = [];
    const agentSub = agentClient.trpc.agent.onThread.subscribe(
      { conversationId: ack.conversationId },
      { onData: ({ data }) => agentSeen.push(data) },
    );
    const visitorSeen: { seq: number; body: string }[] = [];
    const visitorSub = visitorClient.trpc.visitor.onThread.subscribe({}, { onData: ({ data }) => visitorSeen.push(data) });
    await until(() => agentSeen.length === 1 && visitorSeen.length === 1);

    await agentClient.trpc.agent.send.mutate({
      conversationId: ack.conversationId,
      clientMsgId: clientMsgId(),
      body: "hi, how can I help?",
    });
    await until(() => visitorSeen.some((message) => message.body === "hi, how can I help?"));
    // The agent's reply took the conversation: a system event, then the reply, in seq order on both sides.
    await until(() => agentSeen.length === 3);
    expect(agentSeen.map((message) => [message.seq, message.type])).toEqual([
      [1, "text"],
      [2, "event"],
      [3, "text"],
    ]);
    expect(visitorSeen.map((message) => message.seq)).toEqual([1, 2, 3]);
    inboxSub.unsubscribe();
    agentSub.unsubscribe();
    visitorSub.unsubscribe();
    await Promise.all([visitorClient.close(), agentClient.close()]);
  });

  it("resumes after a server restart: messages written while it was down arrive once, in order", async () => {
    const visitor = await tenant.visitor();
    const visitorClient = nodeClient(server.url, { visitorToken: async () => visitor.token });
    const { conversationId } = await visitorClient.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "before" });
    const agentClient = nodeClient(server.url, { cookie: agentCookie });
    const seen: number[] = [];
    const subscription = agentClient.trpc.agent.onThread.subscribe({ conversationId }, { onData: ({ data }) => seen.push(data.seq) });
    await until(() => seen.length === 1);

    const port = server.port;
    await server.stop();
    // Written through the other node while this one is down.
    const otherNode = await startWsServer(world.nodes[1]!);
    const other = nodeClient(otherNode.url, { visitorToken: async () => visitor.token });
    await other.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "while down 1" });
    await other.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "while down 2" });
    server = await startWsServer(world.nodes[0]!, port);

    await until(() => seen.length === 3);
    // The visitor's socket may still be reconnecting: like the real clients, retry with the same clientMsgId.
    const after = clientMsgId();
    for (let attempt = 0; ; attempt++) {
      try {
        await visitorClient.trpc.visitor.send.mutate({ clientMsgId: after, body: "after" });
        break;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await until(() => seen.length === 4);
    expect(seen).toEqual([1, 2, 3, 4]);
    subscription.unsubscribe();
    await Promise.all([visitorClient.close(), agentClient.close(), other.close()]);
    await otherNode.stop();
  });
});

describe("admission control and slow consumers", () => {
  it("answers upgrades past the per-process rate with 503 and a Retry-After slot at the admission rate, and serves again a second later", async () => {
    const world = await createTestWorld("sqlite");
    const limited = await startWsServer(world.deps, 0, { acceptPerSecond: 3 });
    try {
      const hints: { seconds: number; ms: number }[] = [];
      const attempts = await Promise.all(
        Array.from({ length: 9 }, () => {
          const socket = new WebSocket(limited.url);
          return new Promise<number>((resolve) => {
            socket.once("open", () => {
              socket.close();
              resolve(101);
            });
            socket.once("unexpected-response", (_req, response) => {
              hints.push({ seconds: Number(response.headers["retry-after"]), ms: Number(response.headers["retry-after-ms"]) });
              resolve(response.statusCode ?? 0);
            });
          });
        }),
      );
      // On a busy machine the nine may straddle a second; at most three are served in any one.
      expect(attempts.filter((status) => status === 101).length).toBeGreaterThanOrEqual(3);
      expect(attempts.filter((status) => status === 503).length).toBeGreaterThanOrEqual(3);
      expect(attempts.filter((status) => status !== 101 && status !== 503)).toEqual([]);
      // Each refused client got its own slot (server/http/upgrade-guard.ts; the spacing is unit-tested).
      expect(new Set(hints.map((hint) => hint.ms)).size).toBe(hints.length);
      for (const hint of hints) expect(hint.seconds).toBe(Math.ceil(hint.ms / 1000));
      // The slots handed out are kept for those clients: a newcomer is served once they have passed (each is 1/3 s).
      await new Promise((resolve) => setTimeout(resolve, Math.max(...hints.map((hint) => hint.ms)) + 500));
      const again = rawSocket(limited.url);
      await again.opened;
      again.socket.close();
    } finally {
      await limited.stop();
      await world.close();
    }
  });

  it("tells a browser past the admission rate when to come back in a close frame it can read (1013)", async () => {
    const world = await createTestWorld("sqlite");
    const limited = await startWsServer(world.deps, 0, { acceptPerSecond: 1 });
    try {
      const first = rawSocket(limited.url);
      await first.opened;
      const browser = new WebSocket(limited.url, { headers: { origin: "http://app.test" } });
      const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
        browser.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
      );
      expect(closed.code).toBe(1013);
      const hint = JSON.parse(closed.reason) as { reason: string; retryAfterMs: number };
      expect(hint.reason).toBe("try_again_later");
      expect(hint.retryAfterMs).toBeGreaterThan(0);
      expect(hint.retryAfterMs).toBeLessThanOrEqual(2000);
      first.socket.close();
    } finally {
      await limited.stop();
      await world.close();
    }
  });

  it("admits a socket showing the ticket of its slot past the rate, once; a reused or forged ticket queues like anyone", async () => {
    const world = await createTestWorld("sqlite");
    const limited = await startWsServer(world.deps, 0, { acceptPerSecond: 1 });
    try {
      const first = rawSocket(limited.url);
      await first.opened;
      // Booked by the reconnect wait (or a 1013 close): its slot is counted already.
      const slot = limited.bookReconnectSlot();
      expect(slot.retryAfterMs).toBeLessThanOrEqual(1000);
      await new Promise((resolve) => setTimeout(resolve, slot.retryAfterMs));
      const withTicket = rawSocket(`${limited.url}?ticket=${encodeURIComponent(slot.ticket)}`);
      await withTicket.opened;
      const refusedStatus = (url: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(url);
          socket.once("open", () => resolve(101));
          socket.once("unexpected-response", (_req, response) => resolve(response.statusCode ?? 0));
        });
      expect(await refusedStatus(`${limited.url}?ticket=${encodeURIComponent(slot.ticket)}`)).toBe(503);
      const [at, nonce] = slot.ticket.split(".");
      expect(await refusedStatus(`${limited.url}?ticket=${at}.${nonce}.AAAAAAAAAAAAAAAAAAAAAA`)).toBe(503);
      first.socket.close();
      withTicket.socket.close();
    } finally {
      await limited.stop();
      await world.close();
    }
  });

  it("on drain, tells each client in its close frame when to come back, spread over the window", async () => {
    const world = await createTestWorld("sqlite");
    const draining = await startWsServer(world.deps);
    try {
      // Raw sockets ignore the reconnect notice, as a client that did not move in time would.
      const sockets = Array.from({ length: 5 }, () => rawSocket(draining.url));
      await Promise.all(sockets.map((socket) => socket.opened));
      const reasons = sockets.map(
        (socket) =>
          new Promise<{ code: number; reason: string }>((resolve) =>
            socket.socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
          ),
      );
      await draining.stop(1000);
      const closes = await Promise.all(reasons);
      expect(closes.every((close) => close.code === 1012)).toBe(true);
      const hints = closes.map((close) => (JSON.parse(close.reason) as { retryAfterMs: number }).retryAfterMs).sort((a, b) => a - b);
      expect(hints).toEqual([0, 250, 500, 750, 1000]);
    } finally {
      await world.close();
    }
  });

  it("closes a socket whose unsent queue passed the cap with 4008 and a retry hint, instead of queueing more", () => {
    const sent: unknown[] = [];
    const closed: [number, string][] = [];
    const socket = {
      OPEN: 1,
      readyState: 1,
      bufferedAmount: 0,
      send: (data: unknown) => sent.push(data),
      close: (code: number, reason: string) => closed.push([code, reason]),
    };
    capQueuedBytes(socket as unknown as WebSocket, 1000);
    socket.send("first");
    socket.bufferedAmount = 1001;
    socket.send("second");
    expect(sent).toEqual(["first"]);
    expect(closed).toEqual([[4008, JSON.stringify({ reason: "slow_consumer", retryAfterMs: 1000 })]]);
  });
});

import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from "@trpc/client";
import { expect, test } from "@playwright/test";
import { ulid } from "ulid";
import WebSocket from "ws";
import type { AppRouter } from "../../server/trpc/router.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { demoEmail, demoPassword, startServer, type RunningServer } from "./support/server.ts";

const visitors = 24;
const messagesPerVisitor = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every socket any client opens, so the test can drop random ones as a flaky network would. */
const openSockets = new Set<WebSocket>();

/** A Node client that fails over between nodes: each (re)connect tries the next URL, as a load balancer would. */
function clusterClient(urls: string[], auth: { cookie?: string; visitorToken?: () => Promise<string> }) {
  let next = Math.floor(Math.random() * urls.length);
  class TrackedWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, auth.cookie ? { headers: { cookie: auth.cookie } } : {});
      openSockets.add(this);
      this.on("close", () => openSockets.delete(this));
      this.on("error", () => undefined);
    }
  }
  const socket = createWSClient({
    url: () => urls[next++ % urls.length]!,
    WebSocket: TrackedWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: (attempt) => Math.random() * Math.min(2000, 100 * 2 ** attempt),
    ...(auth.visitorToken ? { connectionParams: async () => ({ visitorToken: await auth.visitorToken!() }) } : {}),
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }), close: () => socket.close() };
}

/** Calls until it is acknowledged: the same clientMsgId every time, so a retry can never make a second copy. */
async function untilAcked<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch {
      await sleep(Math.min(1000, 50 * 2 ** attempt));
    }
  }
}

async function httpCall(nodes: RunningServer[], path: string, body: unknown, headers: Record<string, string> = {}) {
  for (let attempt = 0; ; attempt++) {
    const node = nodes[attempt % nodes.length]!;
    try {
      const response = await fetch(`${node.url}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: node.url, ...headers },
        body: JSON.stringify(body),
      });
      if (response.ok) return response;
    } catch {
      // that node is down: try the next
    }
    await sleep(100);
  }
}

test("kill -9 one of two nodes mid-chat, with random socket drops: every message once, in seq order, for every party", async () => {
  test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
  test.setTimeout(240_000);
  const cluster = await createClusterEnvironment();
  const nodes = [await startServer(cluster.env)];
  nodes.push(await startServer(cluster.env));
  const wsUrls = nodes.map((node) => `${node.url.replace("http", "ws")}/api/trpc-ws`);

  const login = await httpCall(nodes, "auth.login", { email: demoEmail, password: demoPassword });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const agents = [clusterClient(wsUrls, { cookie }), clusterClient(wsUrls, { cookie })];

  type Party = { seen: number[] };
  const parties: { conversationId: string; visitor: Party; agents: Party[] }[] = [];
  const sent = new Set<string>();
  const clients: { close: () => void }[] = [...agents];

  const dropper = setInterval(() => {
    const victims = [...openSockets];
    victims[Math.floor(Math.random() * victims.length)]?.terminate();
  }, 400);

  const chats = Array.from({ length: visitors }, async (_, index) => {
    const deviceId = `fault-${index}-${ulid()}`;
    const visitorToken = async () => {
      const response = await httpCall(nodes, "widget.session", { siteKey: "demo", deviceId });
      return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
    };
    const visitor = clusterClient(wsUrls, { visitorToken });
    clients.push(visitor);
    const party = { conversationId: "", visitor: { seen: [] as number[] }, agents: agents.map(() => ({ seen: [] as number[] })) };
    parties.push(party);
    for (let i = 0; i < messagesPerVisitor; i++) {
      const clientMsgId = ulid();
      sent.add(clientMsgId);
      const ack = await untilAcked(() => visitor.trpc.visitor.send.mutate({ clientMsgId, body: `visitor ${index} message ${i}` }));
      if (i === 0) {
        party.conversationId = ack.conversationId;
        visitor.trpc.visitor.onThread.subscribe({}, { onData: ({ data }) => party.visitor.seen.push(data.seq) });
        agents.forEach((agent, a) =>
          agent.trpc.agent.onThread.subscribe({ conversationId: ack.conversationId }, { onData: ({ data }) => party.agents[a]!.seen.push(data.seq) }),
        );
      }
      if (i % 3 === 1) {
        const replyId = ulid();
        sent.add(replyId);
        const agent = agents[i % agents.length]!;
        await untilAcked(() => agent.trpc.agent.send.mutate({ conversationId: party.conversationId, clientMsgId: replyId, body: `reply ${i}` }));
      }
      await sleep(100 + Math.random() * 200);
    }
  });

  // A node dies mid-run without warning, and comes back on the same port a few seconds later.
  await sleep(3000);
  const crashedPort = nodes[0]!.port;
  await nodes[0]!.crash();
  await sleep(3000);
  nodes[0] = await startServer(cluster.env, { port: crashedPort });

  await Promise.all(chats);
  clearInterval(dropper);

  // Every acknowledged message is in the database exactly once, with gap-free seqs.
  const database = await fetchThreads(nodes, cookie, parties.map((party) => party.conversationId));
  const stored = database.flatMap((thread) => thread.messages.filter((m) => m.type !== "event").map((m) => m.clientMsgId));
  expect(new Set(stored).size).toBe(stored.length);
  expect(new Set(stored)).toEqual(sent);
  for (const thread of database) expect(thread.messages.map((m) => m.seq)).toEqual(thread.messages.map((_, i) => i + 1));

  // Every party ends up with exactly the stored thread: nothing lost, nothing doubled, in order.
  const deadline = Date.now() + 30_000;
  const complete = () =>
    parties.every((party, i) => {
      const want = database[i]!.messages.length;
      return party.visitor.seen.length >= want && party.agents.every((agent) => agent.seen.length >= want);
    });
  while (!complete() && Date.now() < deadline) await sleep(200);
  for (const [i, party] of parties.entries()) {
    const expected = database[i]!.messages.map((m) => m.seq);
    expect(party.visitor.seen, `visitor ${i}`).toEqual(expected);
    for (const agent of party.agents) expect(agent.seen, `agent on conversation ${i}`).toEqual(expected);
  }

  clients.forEach((client) => client.close());
  const codes = await Promise.all(nodes.map((node) => node.stop()));
  await cluster.drop();
  expect(codes).toEqual([0, 0]);
});

async function fetchThreads(nodes: RunningServer[], cookie: string, conversationIds: string[]) {
  const threads = [];
  for (const conversationId of conversationIds) {
    const input = encodeURIComponent(JSON.stringify({ conversationId, limit: 200 }));
    const response = await fetch(`${nodes[1]!.url}/api/trpc/agent.messages?input=${input}`, { headers: { cookie } });
    const body = (await response.json()) as { result: { data: { messages: { seq: number; clientMsgId: string; type: string }[] } } };
    threads.push(body.result.data);
  }
  return threads;
}

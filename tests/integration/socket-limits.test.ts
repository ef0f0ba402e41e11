import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "../../server/bus/topics.ts";
import { closeCodes } from "../../server/contracts/close-codes.ts";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { callLimitDefaults } from "../../server/trpc/call-limits.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { rawTrpcSocket } from "../support/raw-socket.ts";
import { backends } from "../support/test-database.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";

const until = async (check: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * The flood from issue #11: frames each carrying hundreds of calls. Limits are per call; past them a clear
 * TOO_MANY_REQUESTS, and a socket that keeps going is closed with 4029 and a retry hint, executing nothing it sent
 * after that decision. Everyone else keeps being served.
 */
describe.each(backends())("per-call limits on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;

  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    server = await startWsServer(world.deps);
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  async function visitorWithConversation() {
    const visitor = await tenant.visitor();
    const client = nodeClient(server.url, { visitorToken: async () => visitor.token });
    const { conversationId } = await client.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "hello" });
    client.close();
    return { ...visitor, conversationId };
  }

  it("a batched typing flood is refused per call and closed with 4029, while a well-behaved visitor and agent keep getting acks", async () => {
    const attacker = await visitorWithConversation();
    // What the flood made the server do: each executed typing call publishes one signal.
    const executed: unknown[] = [];
    const abort = new AbortController();
    await world.deps.bus.subscribe(topics.conversationSignals(attacker.conversationId), (event) => executed.push(event), abort.signal);

    const honest = await tenant.visitor();
    const honestClient = nodeClient(server.url, { visitorToken: async () => honest.token });
    const session = await logIn(world.deps, { email: tenant.admin.email, password: testPassword });
    const agentClient = nodeClient(server.url, { cookie: `${sessionCookieName}=${session.token}` });

    const flood = rawTrpcSocket(server.url, {}, attacker.token);
    await flood.opened;
    const typing = Array.from({ length: 300 }, () => ({ method: "mutation" as const, path: "visitor.typing", input: { typing: true } }));
    let frames = 0;
    const sending = (async () => {
      while (flood.socket.readyState === flood.socket.OPEN && frames < 90) {
        flood.batch(typing);
        frames++;
        await new Promise((resolve) => setTimeout(resolve, 11));
      }
    })();

    // The honest visitor sends while the flood runs and every message is acknowledged; the agent's calls work.
    const acks = [];
    for (let i = 0; i < 10; i++)
      acks.push(await honestClient.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: `honest ${i}` }));
    expect(acks.map((ack) => ack.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await agentClient.trpc.agent.conversations.list.query({})).toBeTruthy();

    const closed = await flood.closed;
    await sending;
    expect(closed.code).toBe(closeCodes.flood);
    expect(JSON.parse(closed.reason)).toEqual({ reason: "flood", retryAfterMs: 5000 });
    const answers = [...flood.responses.values()];
    const refused = answers.filter((answer) => answer.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((answer) => answer.error?.data?.code === "TOO_MANY_REQUESTS")).toBe(true);
    // Executed: no more than the socket's budget for the seconds it was open, far below the 300 of a single frame.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(executed.length).toBeLessThanOrEqual(callLimitDefaults.callsPerSecond * 2);
    expect(executed.length).toBe(answers.filter((answer) => !answer.error).length);
    abort.abort();

    // The database pool is not exhausted: the honest visitor is still served at once.
    await expect(honestClient.trpc.visitor.send.mutate({ clientMsgId: clientMsgId(), body: "after" })).resolves.toMatchObject({ seq: 11 });
    honestClient.close();
    agentClient.close();
  });

  it("nothing sent after the close decision is executed: every stored message of a batched send flood was acknowledged", async () => {
    const attacker = await visitorWithConversation();
    const flood = rawTrpcSocket(server.url, {}, attacker.token);
    await flood.opened;
    const sends = () =>
      Array.from({ length: 300 }, () => ({
        method: "mutation" as const,
        path: "visitor.send",
        input: { clientMsgId: clientMsgId(), body: "spam" },
      }));
    // Five frames in one go: the socket has read them all before the first call runs.
    for (let i = 0; i < 5; i++) flood.batch(sends());
    const closed = await flood.closed;
    expect(closed.code).toBe(closeCodes.flood);

    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await world.deps.db.message.count({ where: { conversationId: attacker.conversationId, body: "spam" } });
    const acked = [...flood.responses.values()].filter((answer) => answer.result).length;
    expect(stored).toBeLessThanOrEqual(callLimitDefaults.callsPerSecond);
    expect(stored).toBe(acked);
  });

  it(`caps live subscriptions per socket at ${callLimitDefaults.maxSubscriptions}, and a stopped one frees its slot`, async () => {
    const visitor = await visitorWithConversation();
    const socket = rawTrpcSocket(server.url, {}, visitor.token);
    await socket.opened;
    const cap = callLimitDefaults.maxSubscriptions;
    // Within the call budget: at most 40 subscription calls a second.
    const ids: number[] = [];
    for (let sent = 0; sent < cap + 4; sent += 40) {
      const batch = socket.batch(
        Array.from({ length: Math.min(40, cap + 4 - sent) }, () => ({
          method: "subscription" as const,
          path: "visitor.onThread",
          input: {},
        })),
      );
      ids.push(...batch);
      await until(() => batch.every((id) => socket.responses.has(id)));
      await new Promise((resolve) => setTimeout(resolve, 1050));
    }
    const started = ids.filter((id) => (socket.responses.get(id)?.result as { type?: string } | undefined)?.type === "started");
    const refused = ids.filter((id) => socket.responses.get(id)?.error);
    expect(started).toHaveLength(cap);
    expect(refused).toHaveLength(4);
    expect(socket.responses.get(refused[0]!)?.error).toMatchObject({
      message: `at most ${cap} live subscriptions per connection`,
      data: { code: "TOO_MANY_REQUESTS" },
    });

    socket.socket.send(JSON.stringify({ id: started[0], method: "subscription.stop" }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [again] = socket.batch([{ method: "subscription", path: "visitor.onThread", input: {} }]);
    await until(() => socket.responses.has(again!));
    expect((socket.responses.get(again!)?.result as { type?: string } | undefined)?.type).toBe("started");
    socket.socket.close();
  });
});

/**
 * A visitor's (and an address's) call budget holds over all nodes: each node counts its calls itself and adds them to
 * the shared count in the limit store (Redis when configured; on the embedded SQLite world both "nodes" share one
 * process's store). Spending within the budget on each node but past it on both together is refused once counted.
 */
describe.each(backends())("call budgets shared by two nodes on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let nodeA: Awaited<ReturnType<typeof startWsServer>>;
  let nodeB: Awaited<ReturnType<typeof startWsServer>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    tenant = await createTenant(world.deps);
    // 60 calls per minute per visitor, over all nodes; per socket the usual 50 a second.
    const options = { calls: { visitorCallsPerSecond: 1, budgetWindowSeconds: 60 } };
    nodeA = await startWsServer(world.nodes[0]!, 0, options);
    nodeB = await startWsServer(world.nodes[1]!, 0, options);
  });
  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    await world?.close();
  });

  it("a visitor within the budget on each node but past it on both together is refused on either node", async () => {
    const visitor = await tenant.visitor();
    const onA = rawTrpcSocket(nodeA.url, {}, visitor.token);
    const onB = rawTrpcSocket(nodeB.url, {}, visitor.token);
    await Promise.all([onA.opened, onB.opened]);
    const calls = (count: number) => Array.from({ length: count }, () => ({ method: "query" as const, path: "auth.me" }));
    const answered = async (socket: ReturnType<typeof rawTrpcSocket>, ids: number[]) => {
      await until(() => ids.every((id) => socket.responses.has(id)));
      return ids.map((id) => socket.responses.get(id)!);
    };
    const refused = (answers: { error?: { data?: { code?: string } } }[]) =>
      answers.filter((answer) => answer.error?.data?.code === "TOO_MANY_REQUESTS").length;

    expect(refused(await answered(onA, onA.batch(calls(40))))).toBe(0);
    await nodeA.flushCallBudgets();
    // Node B has not heard of A's 40 yet: its own 40 are within the budget as it counts them.
    expect(refused(await answered(onB, onB.batch(calls(40))))).toBe(0);
    await nodeB.flushCallBudgets();
    // 80 > 60 on both together: B refuses from now on; A learns it with its next count.
    const [onBAfter] = await answered(onB, onB.batch(calls(1)));
    expect(onBAfter?.error).toMatchObject({
      message: "more than 1 calls per second from one visitor",
      data: { code: "TOO_MANY_REQUESTS" },
    });
    await answered(onA, onA.batch(calls(1)));
    await nodeA.flushCallBudgets();
    expect(refused(await answered(onA, onA.batch(calls(1))))).toBe(1);
    onA.socket.close();
    onB.socket.close();
  });
});

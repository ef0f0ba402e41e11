import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseHeartbeatNotice } from "../../server/contracts/heartbeat.ts";
import type { AgentMessage, VisitorMessage } from "../../server/contracts/messages.ts";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { toAgentMessage } from "../../server/domain/messages/message-dto.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { sendAgentNote } from "../../server/domain/messages/send-agent-note.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";
import { until } from "./inbox-support.ts";

type Frame = {
  id: number;
  result?: { type: string; id?: string; data?: { id: string; data: unknown } };
  error?: { data?: { code?: string } };
};

/** Every frame a socket receives, by call id, in order (tRPC's wire protocol by hand). */
function frameSocket(url: string, cookie: string) {
  const socket = new WebSocket(url, { headers: { cookie } });
  const frames: Frame[] = [];
  socket.on("message", (data) => {
    const text = String(data);
    if (text === "PING") return socket.send("PONG");
    if (!parseHeartbeatNotice(text)) frames.push(JSON.parse(text) as Frame);
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const of = (id: number) => frames.filter((frame) => frame.id === id);
  const data = (id: number) => of(id).filter((frame) => frame.result?.type === "data");
  return { socket, opened, of, data };
}

/**
 * agent.onThread and visitor.onThread over WebSocket are written by the thread watch itself
 * (server/realtime/thread-frames.ts), not by tRPC's per-subscription loop: the frames must be the ones tRPC would
 * write (tracked, the seq as event id), each under its own call's id, after the same authorization, replaying from
 * lastEventId.
 */
describe.each(backends())("thread subscriptions over WebSocket on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let cookie: string;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    server = await startWsServer(world.nodes[1]!);
    tenant = await createTenant(world.deps);
    cookie = `${sessionCookieName}=${(await logIn(world.deps, { email: tenant.admin.email, password: testPassword })).token}`;
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  /** A conversation with `count` visitor messages, written on the other node. */
  async function conversationWith(count: number) {
    const visitor = await tenant.visitor();
    let conversationId = "";
    for (let i = 1; i <= count; i++)
      ({ conversationId } = await sendVisitorMessage(world.nodes[0]!, visitor, { clientMsgId: clientMsgId(), body: `m${i}` }));
    return { visitor, conversationId };
  }

  const stored = async (conversationId: string) =>
    (await world.deps.db.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } })).map(toAgentMessage);

  it("two agent.onThread calls in one batch each get their own conversation under their own id: replayed after lastEventId, then live, as tRPC's tracked frames", async () => {
    const first = await conversationWith(2);
    const second = await conversationWith(1);
    const raw = frameSocket(server.url, cookie);
    await raw.opened;
    raw.socket.send(
      JSON.stringify([
        {
          id: 1,
          method: "subscription",
          params: { path: "agent.onThread", input: { conversationId: first.conversationId, lastEventId: "1" } },
        },
        { id: 2, method: "subscription", params: { path: "agent.onThread", input: { conversationId: second.conversationId } } },
      ]),
    );
    await until(() => raw.data(1).length === 1 && raw.data(2).length === 1);
    await sendVisitorMessage(world.nodes[0]!, first.visitor, { clientMsgId: clientMsgId(), body: "live one" });
    await sendVisitorMessage(world.nodes[0]!, second.visitor, { clientMsgId: clientMsgId(), body: "live two" });
    await until(() => raw.data(1).length === 2 && raw.data(2).length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const expected = (messages: AgentMessage[]) =>
      messages.map((message) => ({ type: "data", id: String(message.seq), data: { id: String(message.seq), data: message } }));
    expect(raw.of(1)[0]!.result).toEqual({ type: "started" });
    expect(raw.data(1).map((frame) => frame.result)).toEqual(expected((await stored(first.conversationId)).slice(1)));
    expect(raw.data(2).map((frame) => frame.result)).toEqual(expected(await stored(second.conversationId)));

    // A stopped subscription gets its "stopped" frame and nothing after it.
    raw.socket.send(JSON.stringify({ id: 1, method: "subscription.stop" }));
    await until(() => raw.of(1).some((frame) => frame.result?.type === "stopped"));
    await sendVisitorMessage(world.nodes[0]!, first.visitor, { clientMsgId: clientMsgId(), body: "after stop" });
    await sendVisitorMessage(world.nodes[0]!, second.visitor, { clientMsgId: clientMsgId(), body: "still live" });
    await until(() => raw.data(2).length === 3);
    expect(raw.data(1)).toHaveLength(2);
    raw.socket.terminate();
  });

  it("another organization's agent is refused before anything is subscribed, and hears nothing of the conversation", async () => {
    const { visitor, conversationId } = await conversationWith(1);
    const other = await createTenant(world.deps, "Rival");
    const otherCookie = `${sessionCookieName}=${(await logIn(world.deps, { email: other.admin.email, password: testPassword })).token}`;
    const raw = frameSocket(server.url, otherCookie);
    await raw.opened;
    raw.socket.send(JSON.stringify({ id: 7, method: "subscription", params: { path: "agent.onThread", input: { conversationId } } }));
    await until(() => raw.of(7).some((frame) => frame.error));
    await sendVisitorMessage(world.nodes[0]!, visitor, { clientMsgId: clientMsgId(), body: "secret" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // tRPC's own sequence for a subscription whose body refuses: started, the error, nothing else.
    expect(raw.data(7)).toHaveLength(0);
    expect(raw.of(7).find((frame) => frame.error)?.error?.data?.code).toBe("NOT_FOUND");
    raw.socket.terminate();
  });

  it("the visitor's tab gets no private notes and each agent's message with the agent's name, through the typed client", async () => {
    const { visitor, conversationId } = await conversationWith(1);
    const client = nodeClient(server.url, { visitorToken: async () => visitor.token });
    const seen: VisitorMessage[] = [];
    const subscription = client.trpc.visitor.onThread.subscribe({}, { onData: ({ data }) => seen.push(data) });
    await until(() => seen.length === 1);
    await sendAgentNote(world.nodes[0]!, tenant.agent, { conversationId, clientMsgId: clientMsgId(), body: "private: refund them" });
    await sendAgentMessage(world.nodes[0]!, tenant.agent, { conversationId, clientMsgId: clientMsgId(), body: "happy to help" });
    await sendVisitorMessage(world.nodes[0]!, visitor, { clientMsgId: clientMsgId(), body: "thanks" });
    await until(() => seen.some((message) => message.body === "thanks"));
    expect(seen.some((message) => message.type === "note")).toBe(false);
    expect(seen.find((message) => message.body === "happy to help")).toMatchObject({ senderKind: "agent", authorName: tenant.admin.name });
    expect(seen.find((message) => message.body === "thanks")).not.toHaveProperty("authorName");
    expect(seen.map((message) => message.seq)).toEqual([...seen.map((message) => message.seq)].sort((a, b) => a - b));
    // The visitor's shape: no conversation or sender ids.
    expect(seen[0]).not.toHaveProperty("senderId");
    subscription.unsubscribe();
    client.close();
  });
});

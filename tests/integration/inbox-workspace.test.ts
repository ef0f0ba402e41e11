import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import WebSocket from "ws";
import type { PersonalEvent, PresenceEvent } from "../../server/contracts/inbox.ts";
import { isAnyAgentOnline } from "../../server/domain/presence/agent-presence.ts";
import { routingPresence } from "../../server/domain/routing/presence.ts";
import type { AppRouter } from "../../server/trpc/router.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { startWsServer } from "../support/ws-server.ts";
import { addAgent, agentCaller, until } from "./inbox-support.ts";

/** A visitor's WebSocket that records every raw frame the server sends, before tRPC parses anything. */
function recordingVisitor(url: string, token: string) {
  const frames: string[] = [];
  class RecordingSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols);
      this.on("message", (data) => frames.push(String(data)));
    }
  }
  const socket = createWSClient({
    url,
    WebSocket: RecordingSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: async () => ({ visitorToken: token }),
  });
  return { trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }), frames, close: () => socket.close() };
}

describe.each(backends())("inbox workspace on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>;
  let bob: { id: string; email: string; name: string };
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    tenant = await createTenant(world.deps);
    bob = await addAgent(world.deps, tenant.organization.id, "Bob Li");
    admin = await agentCaller(world.deps, tenant.admin.email);
  });
  afterAll(() => world?.close());

  it("a private note never crosses any visitor channel: not one raw WebSocket frame carries it", async () => {
    const server = await startWsServer(world.nodes[0]!);
    const visitor = await tenant.visitor();
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "hello" });
    const watcher = recordingVisitor(server.url, visitor.token);
    const seen: string[] = [];
    const thread = watcher.trpc.visitor.onThread.subscribe({}, { onData: ({ data }) => seen.push(data.body) });
    const signals = watcher.trpc.visitor.onSignals.subscribe(undefined, { onData: () => {} });
    await until(() => seen.length === 1);

    await admin.caller.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "secret-note: refund approved" });
    await admin.caller.agent.send({ conversationId, clientMsgId: clientMsgId(), body: "visible reply" });
    await until(() => seen.includes("visible reply"));
    const page = await watcher.trpc.visitor.thread.query({});
    expect(page.messages.map((message) => message.body)).not.toContain("secret-note: refund approved");
    expect(seen).not.toContain("secret-note: refund approved");
    expect(watcher.frames.some((frame) => frame.includes("secret-note"))).toBe(false);
    expect(watcher.frames.some((frame) => frame.includes("visible reply"))).toBe(true);
    // The inbox preview keeps the visitor-facing text, not the note.
    const [row] = await admin.caller.agent.conversations.list({});
    expect(row?.lastMessagePreview).not.toContain("secret-note");
    thread.unsubscribe();
    signals.unsubscribe();
    watcher.close();
    await server.stop();
  });

  it("an @mention in a note notifies the mentioned agent (on another node), and only them", async () => {
    const visitor = await tenant.visitor();
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "help" });
    const stop = new AbortController();
    const bobOnOtherNode = (await agentCaller(world.nodes[1]!, bob.email, stop.signal)).caller;
    const adminWatching = (await agentCaller(world.deps, tenant.admin.email, stop.signal)).caller;
    const bobEvents: PersonalEvent[] = [];
    const adminEvents: PersonalEvent[] = [];
    void (async () => {
      for await (const event of await bobOnOtherNode.agent.workspace.onPersonal()) bobEvents.push(event as PersonalEvent);
    })();
    void (async () => {
      for await (const event of await adminWatching.agent.workspace.onPersonal()) adminEvents.push(event as PersonalEvent);
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const note = await admin.caller.agent.actions.note({
      conversationId,
      clientMsgId: clientMsgId(),
      body: "@bob li can you take this? @Bobby no",
    });
    expect(note.mentioned).toEqual([bob.id]);
    await until(() => bobEvents.length === 1);
    stop.abort();
    expect(bobEvents[0]).toMatchObject({
      kind: "mention",
      conversationId,
      seq: note.seq,
      byUserId: tenant.admin.id,
      byName: tenant.admin.name,
    });
    expect(adminEvents).toEqual([]);
  });

  it("presence: a status set on one node is seen on the other, live; offline removes it; routing sees only online", async () => {
    const stop = new AbortController();
    const bobSession = await agentCaller(world.nodes[1]!, bob.email);
    const watching = (await agentCaller(world.deps, tenant.admin.email, stop.signal)).caller;
    const events: PresenceEvent[] = [];
    void (async () => {
      for await (const event of await watching.agent.workspace.onPresence()) events.push(event as PresenceEvent);
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await isAnyAgentOnline(world.deps, tenant.organization.id)).toBe(false);
    await bobSession.caller.agent.workspace.setStatus({ status: "online" });
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ kind: "presence", userId: bob.id, status: "online" });
    const agents = await admin.caller.agent.workspace.agents();
    expect(agents.find((agent) => agent.id === bob.id)).toMatchObject({ status: "online", name: "Bob Li" });
    expect(agents.find((agent) => agent.id === tenant.admin.id)).toMatchObject({ status: "offline" });
    expect(await isAnyAgentOnline(world.deps, tenant.organization.id)).toBe(true);

    await bobSession.caller.agent.workspace.setStatus({ status: "away" });
    expect(await isAnyAgentOnline(world.deps, tenant.organization.id)).toBe(false);
    expect(await routingPresence(world.deps).onlineAgentIds(tenant.organization.id)).toEqual(new Set());
    await bobSession.caller.agent.workspace.setStatus({ status: "offline" });
    await until(() => events.length === 3);
    stop.abort();
    expect(events.map((event) => event.status)).toEqual(["online", "away", "offline"]);
    expect((await admin.caller.agent.workspace.agents()).find((agent) => agent.id === bob.id)).toMatchObject({ status: "offline" });
    await expect(bobSession.caller.agent.workspace.setStatus({ status: "busy" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("search finds English and Chinese text in messages and notes, and visitors by name; wildcards are literal", async () => {
    const acme = await createTenant(world.deps, "Searchco");
    const searcher = (await agentCaller(world.deps, acme.admin.email)).caller;
    const visitor = await acme.visitor();
    await world.deps.db.visitor.update({ where: { id: visitor.visitorId }, data: { name: "王小明", email: "xiaoming@example.cn" } });
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "My Parcel never arrived" });
    await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "我想申请退货，订单号 123" });
    await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "is 50X off real?" });
    await searcher.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "note: customer wants 50% off" });

    const english = await searcher.agent.workspace.search({ query: "parcel" });
    expect(english).toEqual([
      expect.objectContaining({ kind: "message", conversationId, seq: 1, body: "My Parcel never arrived", visitorName: "王小明" }),
    ]);
    const chinese = await searcher.agent.workspace.search({ query: "退货" });
    expect(chinese).toEqual([expect.objectContaining({ kind: "message", seq: 2 })]);
    const percent = await searcher.agent.workspace.search({ query: "50%" });
    expect(percent.map((hit) => (hit.kind === "message" ? hit.body : ""))).toEqual(["note: customer wants 50% off"]);
    const byName = await searcher.agent.workspace.search({ query: "小明" });
    expect(byName).toEqual([expect.objectContaining({ kind: "visitor", visitorId: visitor.visitorId, conversationId })]);
    // Another organization's agent finds nothing of it.
    expect(await admin.caller.agent.workspace.search({ query: "退货" })).toEqual([]);
    await expect(searcher.agent.workspace.search({ query: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "query: search is empty",
    });
    await expect(searcher.agent.workspace.search({ query: "x".repeat(101) })).rejects.toMatchObject({
      message: "query: search is longer than 100 characters",
    });
  });

  it("canned responses: personal and shared, only admins change shared ones; bad input stores nothing", async () => {
    const bobCaller = (await agentCaller(world.deps, bob.email)).caller;
    const shared = await admin.caller.agent.workspace.canned.create({
      shortcut: "hi",
      title: "Greeting",
      body: "Hi {{visitor.name}}, I'm {{agent.name}}.",
      shared: true,
    });
    const personal = await bobCaller.agent.workspace.canned.create({ shortcut: "bye", title: "Bye", body: "Bye!" });
    expect((await bobCaller.agent.workspace.canned.list()).map((c) => [c.shortcut, c.shared, c.mine])).toEqual([
      ["bye", false, true],
      ["hi", true, false],
    ]);
    expect((await admin.caller.agent.workspace.canned.list()).map((c) => c.shortcut)).toEqual(["hi"]);
    const before = await world.deps.db.cannedResponse.count();
    await expect(bobCaller.agent.workspace.canned.create({ shortcut: "x", title: "X", body: "x", shared: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "only admins may change shared canned responses",
    });
    await expect(bobCaller.agent.workspace.canned.delete({ id: shared.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.caller.agent.workspace.canned.delete({ id: personal.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bobCaller.agent.workspace.canned.create({ shortcut: "has space", title: "t", body: "b" })).rejects.toMatchObject({
      message: "shortcut: shortcut may contain only letters, digits, '-' and '_'",
    });
    await expect(bobCaller.agent.workspace.canned.create({ shortcut: "ok", title: "t", body: "  " })).rejects.toMatchObject({
      message: "body: body is empty",
    });
    expect(await world.deps.db.cannedResponse.count()).toBe(before);

    const edited = await bobCaller.agent.workspace.canned.update({ id: personal.id, shortcut: "bye", title: "Bye", body: "Bye for now" });
    expect(edited.body).toBe("Bye for now");
    await bobCaller.agent.workspace.canned.delete({ id: personal.id });
    expect((await bobCaller.agent.workspace.canned.list()).map((c) => c.shortcut)).toEqual(["hi"]);
  });

  it("the visitor panel: browser and OS from the User-Agent, pages and past conversations, within the organization", async () => {
    const visitor = await tenant.visitor();
    await world.deps.db.visitor.update({
      where: { id: visitor.visitorId },
      data: {
        userAgent:
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        currentPage: "https://shop.example/pricing",
      },
    });
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "hello" });
    const context = await admin.caller.agent.workspace.visitor({ visitorId: visitor.visitorId });
    expect(context).toMatchObject({
      browser: "Mobile Safari 17",
      os: "iOS 17",
      device: "Apple iPhone (mobile)",
      currentPage: "https://shop.example/pricing",
      blocked: false,
      pastConversations: [expect.objectContaining({ id: conversationId, state: "queued", lastMessagePreview: "hello" })],
    });
    const other = await createTenant(world.deps, "Hooli");
    const outsider = (await agentCaller(world.deps, other.admin.email)).caller;
    await expect(outsider.agent.workspace.visitor({ visitorId: visitor.visitorId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

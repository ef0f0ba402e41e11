import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wakeSnoozedConversations } from "../../server/domain/conversations/snooze-conversation.ts";
import { blockedMessage } from "../../server/domain/visitors/blocks.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

describe.each(backends())("inbox actions on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>["caller"];
  let bob: Awaited<ReturnType<typeof agentCaller>>["caller"];
  let bobId: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    const user = await addAgent(world.deps, tenant.organization.id, "Bob Li");
    bobId = user.id;
    admin = (await agentCaller(world.deps, tenant.admin.email)).caller;
    bob = (await agentCaller(world.deps, user.email)).caller;
  });
  afterAll(() => world?.close());

  async function newChat(body = "hello") {
    const visitor = await tenant.visitor();
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body });
    return { visitor, asVisitor, conversationId };
  }
  const conversation = (id: string) => world.deps.db.conversation.findUniqueOrThrow({ where: { id } });
  const messageCount = () => world.deps.db.message.count();

  it("two agents take the same conversation at once: one wins, the other is told and nothing of theirs is stored", async () => {
    const { conversationId } = await newChat();
    const results = await Promise.allSettled([
      admin.agent.actions.assign({ conversationId, expectedVersion: 0 }),
      bob.agent.actions.assign({ conversationId, expectedVersion: 0 }),
    ]);
    const won = results.filter((result) => result.status === "fulfilled");
    const lost = results.filter((result) => result.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      reason: { code: "CONFLICT", message: "someone else just changed this conversation; reload and try again" },
    });
    const row = await conversation(conversationId);
    expect(row).toMatchObject({ state: "assigned", version: 1 });
    // One visitor message and one system event: the loser stored nothing.
    expect(await world.deps.db.message.count({ where: { conversationId } })).toBe(2);
  });

  it("transfer with a note: the note is private, the visitor sees only a neutral system line", async () => {
    const { conversationId, asVisitor } = await newChat();
    await admin.agent.actions.assign({ conversationId, expectedVersion: 0 });
    await admin.agent.actions.assign({ conversationId, expectedVersion: 1, assigneeId: bobId, note: "VIP, be nice" });
    expect(await conversation(conversationId)).toMatchObject({ assigneeId: bobId, state: "assigned", version: 2 });
    const agentView = await admin.agent.messages({ conversationId });
    expect(agentView.messages.map((message) => message.type)).toEqual(["text", "event", "event", "note"]);
    const visitorView = await asVisitor.visitor.thread({});
    expect(visitorView.messages.map((message) => message.type)).toEqual(["text", "event", "event"]);
    expect(JSON.stringify(visitorView)).not.toContain("VIP");
  });

  it("refuses an assignee outside the organization, a stale version, and a malformed input, storing nothing", async () => {
    const { conversationId } = await newChat();
    const other = await createTenant(world.deps, "Globex");
    const before = await messageCount();
    await expect(admin.agent.actions.assign({ conversationId, expectedVersion: 0, assigneeId: other.admin.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "agent not found",
    });
    await expect(admin.agent.actions.resolve({ conversationId, expectedVersion: 7 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.agent.actions.resolve({ conversationId, expectedVersion: -1 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^expectedVersion: /),
    });
    await expect(admin.agent.actions.assign({ conversationId, expectedVersion: 0, note: "x".repeat(5001) })).rejects.toMatchObject({
      message: "note: note is longer than 5000 characters",
    });
    const intruder = (await agentCaller(world.deps, other.admin.email)).caller;
    await expect(intruder.agent.actions.resolve({ conversationId, expectedVersion: 0 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await messageCount()).toBe(before);
    expect(await conversation(conversationId)).toMatchObject({ state: "queued", version: 0 });
  });

  it("notes and blocks: empty, oversized, another organization's conversation or a stale view are refused; nothing is stored", async () => {
    const { conversationId } = await newChat();
    const other = await createTenant(world.deps, "Umbrella");
    const intruder = (await agentCaller(world.deps, other.admin.email)).caller;
    const before = { messages: await messageCount(), blocks: await world.deps.db.visitorBlock.count() };
    await expect(admin.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "  " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "body: message is empty",
    });
    await expect(admin.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "n".repeat(5001) })).rejects.toMatchObject({
      message: "body: message is longer than 5000 characters",
    });
    await expect(intruder.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "hi" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(intruder.agent.actions.block({ conversationId, expectedVersion: 0 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.agent.actions.block({ conversationId, expectedVersion: 3 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(admin.agent.actions.block({ conversationId, expectedVersion: 0, reason: "r".repeat(201) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(intruder.agent.workspace.conversation({ conversationId })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "conversation not found",
    });
    expect({ messages: await messageCount(), blocks: await world.deps.db.visitorBlock.count() }).toEqual(before);
    expect(await conversation(conversationId)).toMatchObject({ state: "queued", version: 0 });
  });

  it("resolve, then reopen (assigned to the agent who reopened); the visitor's new message reopens it too", async () => {
    const { conversationId, asVisitor } = await newChat();
    await admin.agent.actions.resolve({ conversationId, expectedVersion: 0 });
    expect(await conversation(conversationId)).toMatchObject({ state: "resolved", openForVisitorId: null });
    await bob.agent.actions.reopen({ conversationId, expectedVersion: 1 });
    expect(await conversation(conversationId)).toMatchObject({ state: "assigned", assigneeId: bobId, version: 2 });
    await bob.agent.actions.resolve({ conversationId, expectedVersion: 2 });
    await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "one more thing" });
    expect(await conversation(conversationId)).toMatchObject({ state: "queued" });
  });

  it("reply then resolve at once: the reply's own assignment does not make the agent's Resolve a conflict; someone else's does", async () => {
    const { conversationId } = await newChat();
    const seen = (await conversation(conversationId)).version;
    await bob.agent.send({ conversationId, clientMsgId: clientMsgId(), body: "done, anything else?" });
    await bob.agent.actions.resolve({ conversationId, expectedVersion: seen });
    expect(await conversation(conversationId)).toMatchObject({ state: "resolved", assigneeId: bobId });

    const other = await newChat();
    const stale = (await conversation(other.conversationId)).version;
    await admin.agent.send({ conversationId: other.conversationId, clientMsgId: clientMsgId(), body: "mine" });
    await expect(bob.agent.actions.resolve({ conversationId: other.conversationId, expectedVersion: stale })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await conversation(other.conversationId)).state).toBe("assigned");
  });

  it("snooze until a time: a past or far-off time is refused; when due it wakes back to its assignee", async () => {
    const { conversationId } = await newChat();
    await admin.agent.actions.assign({ conversationId, expectedVersion: 0 });
    await expect(admin.agent.actions.snooze({ conversationId, expectedVersion: 1, until: "2000-01-01T00:00:00Z" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "snooze until a time in the future",
    });
    await expect(admin.agent.actions.snooze({ conversationId, expectedVersion: 1, until: "tomorrow" })).rejects.toMatchObject({
      message: "until: until must be an ISO date-time",
    });
    const far = new Date(Date.now() + 400 * 86_400_000).toISOString();
    await expect(admin.agent.actions.snooze({ conversationId, expectedVersion: 1, until: far })).rejects.toMatchObject({
      message: "snooze for at most 90 days",
    });
    expect(await conversation(conversationId)).toMatchObject({ state: "assigned", version: 1, snoozedUntil: null });

    const until = new Date(Date.now() + 3_600_000);
    await admin.agent.actions.snooze({ conversationId, expectedVersion: 1, until: until.toISOString() });
    expect(await conversation(conversationId)).toMatchObject({ state: "snoozed", snoozedUntil: until });
    expect(await wakeSnoozedConversations(world.deps)).toBe(0);
    const later = { ...world.deps, now: () => new Date(until.getTime() + 1000) };
    expect(await wakeSnoozedConversations(later)).toBeGreaterThanOrEqual(1);
    expect(await conversation(conversationId)).toMatchObject({ state: "assigned", assigneeId: tenant.admin.id, snoozedUntil: null });
  });

  it("a visitor writing to a snoozed conversation wakes it", async () => {
    const { conversationId, asVisitor } = await newChat();
    await admin.agent.actions.assign({ conversationId, expectedVersion: 0 });
    await admin.agent.actions.snooze({ conversationId, expectedVersion: 1, until: new Date(Date.now() + 3_600_000).toISOString() });
    await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "are you there?" });
    expect(await conversation(conversationId)).toMatchObject({ state: "assigned", assigneeId: tenant.admin.id, snoozedUntil: null });
  });

  it("block: the conversation is resolved and new chats from that device or IP are refused with a clear message", async () => {
    const { conversationId, asVisitor, visitor } = await newChat("spam spam");
    await admin.agent.actions.block({ conversationId, expectedVersion: 0, reason: "spam" });
    expect(await conversation(conversationId)).toMatchObject({ state: "resolved" });
    const before = await world.deps.db.conversation.count();
    const beforeMessages = await messageCount();
    await expect(asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "let me in" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: blockedMessage,
    });
    // A new device from the same address (fixtures open every session from 127.0.0.1).
    const sameIp = await tenant.visitor();
    const asSameIp = (await callerFor(world.deps, { visitorToken: sameIp.token })).caller;
    await expect(asSameIp.visitor.send({ clientMsgId: clientMsgId(), body: "new device" })).rejects.toMatchObject({
      message: blockedMessage,
    });
    expect(await world.deps.db.conversation.count()).toBe(before);
    expect(await messageCount()).toBe(beforeMessages);
    expect(await admin.agent.workspace.visitor({ visitorId: visitor.visitorId })).toMatchObject({ blocked: true });

    await admin.agent.actions.unblock({ visitorId: visitor.visitorId });
    await expect(asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "sorry" })).resolves.toMatchObject({ conversationId });
  });

  it("lists by view (mine, unassigned, all), status and sort, with unread and waiting data", async () => {
    const fresh = await createTenant(world.deps, "Initech");
    const freshAdmin = (await agentCaller(world.deps, fresh.admin.email)).caller;
    const chats = [];
    for (const body of ["first", "second", "third"]) {
      const visitor = await fresh.visitor();
      const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
      chats.push((await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body })).conversationId);
    }
    await freshAdmin.agent.actions.assign({ conversationId: chats[0]!, expectedVersion: 0 });
    const mine = await freshAdmin.agent.conversations.list({ view: "mine" });
    expect(mine.map((row) => row.id)).toEqual([chats[0]]);
    const unassigned = await freshAdmin.agent.conversations.list({ view: "unassigned" });
    expect(unassigned.map((row) => row.lastMessagePreview)).toEqual(["third", "second"]);
    const oldest = await freshAdmin.agent.conversations.list({ view: "unassigned", sort: "oldest" });
    expect(oldest.map((row) => row.lastMessagePreview)).toEqual(["second", "third"]);
    expect(oldest[0]).toMatchObject({ lastSeq: 1, agentReadSeq: 0, firstResponseAt: null });
    await freshAdmin.agent.markRead({ conversationId: chats[1]!, seq: 1 });
    expect((await freshAdmin.agent.conversations.list({ view: "unassigned", sort: "oldest" }))[0]).toMatchObject({ agentReadSeq: 1 });
    expect(await freshAdmin.agent.conversations.list({ states: ["resolved"] })).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "../../server/bus/topics.ts";
import type { AgentMessage } from "../../server/contracts/messages.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import { findVisitorConversation } from "../../server/domain/conversations/access.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { backends } from "../support/test-database.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";

describe.each(backends())("message flow on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  it("acks only after the message is committed, with seq 1 for the first message", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "hello" });
    expect(ack).toMatchObject({ seq: 1, duplicate: false });
    const stored = await world.nodes[1]!.db.message.findUnique({ where: { id: ack.id } });
    expect(stored).toMatchObject({ body: "hello", seq: 1, senderKind: "visitor", organizationId: tenant.organization.id });
  });

  it("returns the stored message for a retried clientMsgId and never stores a second copy", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const id = clientMsgId();
    const first = await sendVisitorMessage(world.deps, visitor, { clientMsgId: id, body: "once" });
    const retried = await sendVisitorMessage(world.nodes[1]!, visitor, { clientMsgId: id, body: "once" });
    expect(retried).toEqual({ ...first, duplicate: true });
    // Retries racing each other, on two nodes.
    const racing = clientMsgId();
    const acks = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sendVisitorMessage(world.nodes[i % 2]!, visitor, { clientMsgId: racing, body: "raced" })),
    );
    expect(new Set(acks.map((ack) => ack.id)).size).toBe(1);
    expect(acks.filter((ack) => !ack.duplicate)).toHaveLength(1);
    expect(await world.deps.db.message.count({ where: { conversationId: first.conversationId, clientMsgId: racing } })).toBe(1);
  });

  it("keeps seq gap-free and increasing with concurrent senders on two nodes", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const opened = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "first" });
    const sends = Array.from({ length: 40 }, (_, i) => {
      const node = world.nodes[i % 2]!;
      return i % 3 === 0
        ? sendAgentMessage(node, tenant.agent, { conversationId: opened.conversationId, clientMsgId: clientMsgId(), body: `agent ${i}` })
        : sendVisitorMessage(node, visitor, { clientMsgId: clientMsgId(), body: `visitor ${i}` });
    });
    await Promise.all(sends);
    const rows = await world.deps.db.message.findMany({ where: { conversationId: opened.conversationId }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    const conversation = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: opened.conversationId } });
    expect(conversation.lastSeq).toBe(rows.length);
  });

  it("publishes after commit: a subscriber on another node can read the row when the event arrives", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const opened = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "open" });
    const controller = new AbortController();
    const seen: Promise<boolean> = new Promise((resolve) => {
      void world.nodes[1]!.bus.subscribe(
        topics.conversation(opened.conversationId),
        (event) => {
          const message = event as AgentMessage;
          void world.nodes[1]!.db.message.findUnique({ where: { id: message.id } }).then((row) => resolve(row !== null));
        },
        controller.signal,
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "published" });
    expect(await seen).toBe(true);
    controller.abort();
  });

  it("opens one conversation when a visitor's first messages race, and reopens it after resolve", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const acks = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        sendVisitorMessage(world.nodes[i % 2]!, visitor, { clientMsgId: clientMsgId(), body: `hi ${i}` }),
      ),
    );
    expect(new Set(acks.map((ack) => ack.conversationId)).size).toBe(1);
    const conversationId = acks[0]!.conversationId;

    await sendAgentMessage(world.deps, tenant.agent, { conversationId, clientMsgId: clientMsgId(), body: "hello, how can I help?" });
    const assigned = await findVisitorConversation(world.deps, visitor);
    expect(assigned).toMatchObject({ state: "assigned", assigneeId: tenant.admin.id });
    expect(assigned!.firstResponseAt).not.toBeNull();

    await changeConversationState(world.deps, {
      organizationId: tenant.organization.id,
      conversationId,
      to: "resolved",
      expectedVersion: assigned!.version,
      actor: { kind: "agent", id: tenant.admin.id },
    });
    const again = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "one more thing" });
    expect(again.conversationId).toBe(conversationId);
    const reopened = await findVisitorConversation(world.deps, visitor);
    expect(reopened).toMatchObject({ state: "queued", assigneeId: null, openForVisitorId: visitor.visitorId });
    const events = await world.deps.db.message.findMany({ where: { conversationId, type: "event" }, orderBy: { seq: "asc" } });
    expect(events.map((event) => JSON.parse(event.body).to)).toEqual(["assigned", "resolved", "queued"]);
  });

  it("lets exactly one of two agents acting on the same version win (compare-and-set)", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "help" });
    const { version } = (await findVisitorConversation(world.deps, visitor))!;
    const results = await Promise.allSettled(
      world.nodes.map((node) =>
        changeConversationState(node, {
          organizationId: tenant.organization.id,
          conversationId,
          to: "assigned",
          assigneeId: tenant.admin.id,
          expectedVersion: version,
          actor: { kind: "agent", id: tenant.admin.id },
        }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/someone else just changed/) });
    expect((await findVisitorConversation(world.deps, visitor))!.version).toBe(version + 1);
  });

  it("keeps tenants apart: an agent of another organization cannot write into a conversation", async () => {
    const acme = await createTenant(world.deps, "Acme");
    const globex = await createTenant(world.deps, "Globex");
    const visitor = await acme.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "private" });
    await expect(
      sendAgentMessage(world.deps, globex.agent, { conversationId, clientMsgId: clientMsgId(), body: "intruder" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await world.deps.db.message.count({ where: { conversationId } })).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../server/domain/deps.ts";
import { appendMessage, type AppendMessageInput } from "../../server/domain/messages/append-message.ts";
import { resolveConversation } from "../../server/domain/conversations/resolve-conversation.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { messageStatementsFor, messageStatementsKey, type MessageStatements } from "../../server/store/message-statements.ts";
import { backends } from "../support/test-database.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";

/**
 * A node whose batches wait long enough (and are big enough) that messages sent together commit together; it has a
 * database client of its own identity (so its own batcher) that counts transactions.
 */
function batchingNode(deps: Deps, maxSize: number) {
  const counts = { transactions: 0 };
  const statements = messageStatementsFor(deps.db);
  const counting: MessageStatements = {
    ...statements,
    commit: (grants, rowsFor) => {
      counts.transactions++;
      return statements.commit(grants, rowsFor);
    },
  };
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property === messageStatementsKey) return counting;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { node: { ...deps, db, messageBatch: { windowMs: 5_000, maxSize } } as Deps, counts };
}

describe.each(backends())("micro-batched message inserts on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  async function conversations(count: number) {
    const tenant = await createTenant(world.deps);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const visitor = await tenant.visitor();
      ids.push((await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "first" })).conversationId);
    }
    return { tenant, ids };
  }

  const text = (organizationId: string, conversationId: string, body: string, id = clientMsgId()): AppendMessageInput => ({
    organizationId,
    conversationId,
    clientMsgId: id,
    senderKind: "visitor",
    senderId: null,
    type: "text",
    body,
  });

  it("commits messages sent together in one transaction, acks each after it, seq gap-free per conversation", async () => {
    const { tenant, ids } = await conversations(2);
    const { node, counts } = batchingNode(world.deps, 12);
    const sends = Array.from({ length: 12 }, (_, i) => appendMessage(node, text(tenant.organization.id, ids[i % 2]!, `b${i}`)));
    const acks = await Promise.all(sends);
    expect(counts.transactions).toBe(1);
    // Acked means committed: another node's client reads every row.
    const stored = await world.nodes[1]!.db.message.findMany({ where: { id: { in: acks.map((ack) => ack.message.id) } } });
    expect(stored).toHaveLength(12);
    for (const conversationId of ids) {
      const rows = await world.deps.db.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
      expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // Each sender's messages keep their order.
      expect(rows.slice(1).map((row) => Number(row.body.slice(1)))).toEqual(
        [...rows.slice(1)].map((row) => Number(row.body.slice(1))).sort((a, b) => a - b),
      );
      const conversation = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      expect(conversation.lastSeq).toBe(7);
    }
    expect(acks.every((ack) => !ack.duplicate && ack.conversation !== null)).toBe(true);
  });

  it("a clientMsgId twice in one batch is stored once; the second sender gets the first one's ack", async () => {
    const { tenant, ids } = await conversations(1);
    const { node } = batchingNode(world.deps, 3);
    const id = clientMsgId();
    const [first, again, other] = await Promise.all([
      appendMessage(node, text(tenant.organization.id, ids[0]!, "once", id)),
      appendMessage(node, text(tenant.organization.id, ids[0]!, "once", id)),
      appendMessage(node, text(tenant.organization.id, ids[0]!, "other")),
    ]);
    expect(first!.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, message: { id: first!.message.id, seq: first!.message.seq } });
    expect(other!.message.seq).toBe(3);
    expect(await world.deps.db.message.count({ where: { conversationId: ids[0]!, clientMsgId: id } })).toBe(1);
  });

  it("a clientMsgId stored by an earlier batch answers with the original ack; the rest of its batch commits gap-free", async () => {
    const { tenant, ids } = await conversations(1);
    const organizationId = tenant.organization.id;
    const id = clientMsgId();
    const original = await appendMessage(world.deps, text(organizationId, ids[0]!, "original", id));
    const { node } = batchingNode(world.deps, 4);
    const acks = await Promise.all([
      appendMessage(node, text(organizationId, ids[0]!, "new 1")),
      appendMessage(node, text(organizationId, ids[0]!, "retry", id)),
      appendMessage(node, text(organizationId, ids[0]!, "new 2")),
      appendMessage(node, text(organizationId, ids[0]!, "new 3")),
    ]);
    expect(acks[1]).toMatchObject({ duplicate: true, message: { id: original.message.id, seq: 2, body: "original" } });
    const rows = await world.deps.db.message.findMany({ where: { conversationId: ids[0]! }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => [row.seq, row.body])).toEqual([
      [1, "first"],
      [2, "original"],
      [3, "new 1"],
      [4, "new 2"],
      [5, "new 3"],
    ]);
  });

  it("a message for a missing conversation fails only its sender, with a clear error, and nothing else is lost", async () => {
    const { tenant, ids } = await conversations(1);
    const organizationId = tenant.organization.id;
    const { node } = batchingNode(world.deps, 3);
    const results = await Promise.allSettled([
      appendMessage(node, text(organizationId, ids[0]!, "kept 1")),
      appendMessage(node, text(organizationId, "c-no-such-conversation", "lost")),
      appendMessage(node, text(organizationId, ids[0]!, "kept 2")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/conversation not found/);
    const rows = await world.deps.db.message.findMany({ where: { conversationId: ids[0]! }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.body)).toEqual(["first", "kept 1", "kept 2"]);
  });

  it.runIf(backend === "mysql")("a row the database refuses fails only its sender; the batch is retried row by row", async () => {
    const { tenant, ids } = await conversations(2);
    const organizationId = tenant.organization.id;
    const { node } = batchingNode(world.deps, 3);
    const results = await Promise.allSettled([
      appendMessage(node, text(organizationId, ids[0]!, "kept 1")),
      // senderId is VARCHAR(30): MariaDB refuses the whole multi-row INSERT.
      appendMessage(node, { ...text(organizationId, ids[1]!, "refused"), senderId: "x".repeat(31) }),
      appendMessage(node, text(organizationId, ids[0]!, "kept 2")),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const first = await world.deps.db.message.findMany({ where: { conversationId: ids[0]! }, orderBy: { seq: "asc" } });
    expect(first.map((row) => [row.seq, row.body])).toEqual([
      [1, "first"],
      [2, "kept 1"],
      [3, "kept 2"],
    ]);
    // The refused row's conversation did not give out a seq for it.
    const second = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: ids[1]! } });
    expect(second.lastSeq).toBe(1);
    expect(await world.deps.db.message.count({ where: { conversationId: ids[1]! } })).toBe(1);
  });

  it("a visitor's remembered conversation resolved on another node: the next send reopens it instead of writing into it", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const first = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "before" });
    const conversation = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } });
    await resolveConversation(world.nodes[1]!, tenant.agent, { conversationId: conversation.id, expectedVersion: conversation.version });
    const after = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "after" });
    const reopened = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: after.conversationId } });
    expect(reopened.state).not.toBe("resolved");
    expect(after.duplicate).toBe(false);
  });
});

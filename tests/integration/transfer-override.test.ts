import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

describe.each(backends())("manual transfer and the assignee's capacity on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>;
  let cai: Awaited<ReturnType<typeof agentCaller>>;
  let caiId: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCaller(world.deps, tenant.admin.email);
    const user = await addAgent(world.deps, tenant.organization.id, "Cai Wen");
    caiId = user.id;
    cai = await agentCaller(world.deps, user.email);
  });
  afterAll(() => world?.close());

  const organizationId = () => tenant.organization.id;
  async function newChat() {
    const visitor = await tenant.visitor();
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "hello" });
    return conversationId;
  }
  /** A conversation the admin holds, ready to be transferred. */
  async function adminsChat() {
    const conversationId = await newChat();
    const { version } = await admin.caller.agent.actions.assign({ conversationId, expectedVersion: 0 });
    return { conversationId, expectedVersion: version };
  }
  async function newAgent(name: string, maxConcurrentChats: number) {
    const user = await addAgent(world.deps, organizationId(), name);
    await world.deps.db.user.update({ where: { id: user.id }, data: { maxConcurrentChats } });
    return user;
  }
  const overrides = () =>
    world.deps.db.auditLog.findMany({ where: { organizationId: organizationId(), action: "conversation.capacity_override" } });
  const state = async (conversationId: string) => {
    const row = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    return { assigneeId: row.assigneeId, version: row.version, messages: await world.deps.db.message.count({ where: { conversationId } }) };
  };

  it("a deactivated agent is not offered and cannot be given a conversation, even with an override", async () => {
    const gone = await newAgent("Gus Gone", 5);
    await admin.caller.admin.agents.deactivate({ userId: gone.id });
    expect((await cai.caller.agent.workspace.agents()).map((agent) => agent.id)).not.toContain(gone.id);
    const chat = await adminsChat();
    const before = await state(chat.conversationId);
    await expect(admin.caller.agent.actions.assign({ ...chat, assigneeId: gone.id, overrideCapacity: true })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Gus Gone is deactivated and cannot take conversations",
    });
    expect(await state(chat.conversationId)).toEqual(before);
  });

  it("to a full agent: refused with the load, nothing changes; assigning anyway goes through and is audited", async () => {
    const dana = await newAgent("Dana Full", 1);
    const first = await adminsChat();
    await admin.caller.agent.actions.assign({ ...first, assigneeId: dana.id });
    const second = await adminsChat();
    const before = await state(second.conversationId);
    const auditsBefore = await world.deps.db.auditLog.count({ where: { organizationId: organizationId() } });

    await expect(admin.caller.agent.actions.assign({ ...second, assigneeId: dana.id, note: "please take this" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "this agent already has 1 of 1 conversations",
      cause: { details: { reason: "agent_full", load: 1, max: 1 } },
    });
    expect(await state(second.conversationId)).toEqual(before);
    expect(await world.deps.db.auditLog.count({ where: { organizationId: organizationId() } })).toBe(auditsBefore);

    const done = await admin.caller.agent.actions.assign({
      ...second,
      assigneeId: dana.id,
      note: "please take this",
      overrideCapacity: true,
    });
    expect(done).toEqual({ version: second.expectedVersion + 1 });
    expect(await state(second.conversationId)).toMatchObject({ assigneeId: dana.id, version: second.expectedVersion + 1 });
    const [row] = (await overrides()).filter((entry) => entry.targetId === second.conversationId);
    expect(row).toMatchObject({
      actorId: tenant.admin.id,
      targetType: "conversation",
      details: { assigneeId: dana.id, assigneeName: "Dana Full", load: 1, max: 1 },
    });
    // The inbox's agent list shows Dana over her limit.
    expect((await cai.caller.agent.workspace.agents()).find((agent) => agent.id === dana.id)).toMatchObject({
      load: 2,
      maxConcurrentChats: 1,
    });
  });

  it("any agent, not only admins, may override; with room to spare an override records nothing", async () => {
    const eli = await newAgent("Eli Busy", 1);
    const chat = await newChat();
    const taken = await cai.caller.agent.actions.assign({ conversationId: chat, expectedVersion: 0 });
    const roomy = await cai.caller.agent.actions.assign({
      conversationId: chat,
      expectedVersion: taken.version,
      assigneeId: eli.id,
      overrideCapacity: true,
    });
    expect((await overrides()).filter((entry) => entry.targetId === chat)).toEqual([]);

    const next = await newChat();
    const mine = await cai.caller.agent.actions.assign({ conversationId: next, expectedVersion: 0 });
    await expect(
      cai.caller.agent.actions.assign({ conversationId: next, expectedVersion: mine.version, assigneeId: eli.id }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      cause: { details: { reason: "agent_full" } },
    });
    await cai.caller.agent.actions.assign({
      conversationId: next,
      expectedVersion: mine.version,
      assigneeId: eli.id,
      overrideCapacity: true,
    });
    expect((await overrides()).filter((entry) => entry.targetId === next)).toMatchObject([
      { actorId: caiId, details: { assigneeId: eli.id, load: 1, max: 1 } },
    ]);
    expect(roomy.version).toBe(taken.version + 1);
  });

  it("an override still loses to a newer version: nothing assigned, nothing audited", async () => {
    const fay = await newAgent("Fay Stale", 0);
    const chat = await adminsChat();
    await admin.caller.agent.actions.resolve(chat);
    const before = await state(chat.conversationId);
    await expect(admin.caller.agent.actions.assign({ ...chat, assigneeId: fay.id, overrideCapacity: true })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "someone else just changed this conversation; reload and try again",
    });
    expect(await state(chat.conversationId)).toEqual(before);
    expect((await overrides()).filter((entry) => entry.targetId === chat.conversationId)).toEqual([]);
  });

  it("taking a conversation oneself is not capacity-checked; re-assigning to the current holder does not count it twice", async () => {
    const gus = await newAgent("Gus Solo", 1);
    const gusCaller = (await agentCaller(world.deps, gus.email)).caller;
    const one = await newChat();
    const two = await newChat();
    await gusCaller.agent.actions.assign({ conversationId: one, expectedVersion: 0 });
    await expect(gusCaller.agent.actions.assign({ conversationId: two, expectedVersion: 0 })).resolves.toEqual({ version: 1 });
    const held = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: one } });
    // Handing Gus one he already holds counts only his other one: 1 of 1, not 2.
    await expect(
      admin.caller.agent.actions.assign({ conversationId: one, expectedVersion: held.version, assigneeId: gus.id }),
    ).rejects.toMatchObject({
      cause: { details: { reason: "agent_full", load: 1, max: 1 } },
    });
  });

  it("two transfers at once to an agent with one free slot: one goes through, the other is told the agent is full", async () => {
    const hal = await newAgent("Hal Race", 1);
    const [a, b] = [await adminsChat(), await adminsChat()];
    const results = await Promise.allSettled([
      admin.caller.agent.actions.assign({ ...a, assigneeId: hal.id }),
      cai.caller.agent.actions.assign({ ...b, assigneeId: hal.id }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(results.find((result) => result.status === "rejected")).toMatchObject({
      reason: { cause: { details: { reason: "agent_full" } } },
    });
    expect(await world.deps.db.conversation.count({ where: { assigneeId: hal.id } })).toBe(1);
  });

  it('over the wire the refusal carries its reason, load and limit for the inbox\'s "Assign anyway"', async () => {
    const ivy = await newAgent("Ivy Wire", 0);
    const chat = await adminsChat();
    const server = await startWsServer(world.nodes[0]!);
    const client = nodeClient(server.url, { cookie: admin.cookie });
    try {
      const failure = await client.trpc.agent.actions.assign.mutate({ ...chat, assigneeId: ivy.id }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TRPCClientError);
      expect((failure as TRPCClientError<never>).data).toMatchObject({
        code: "CONFLICT",
        details: { reason: "agent_full", load: 0, max: 0 },
      });
    } finally {
      client.close();
      await server.stop();
    }
  });
});

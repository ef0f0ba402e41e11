import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import { parseThreadEvent } from "../../server/contracts/thread-events.ts";
import { setAgentStatus } from "../../server/domain/presence/agent-presence.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

// Issue #13: transfer to a team, not only a person. The conversation goes to the team's queue, is served by the
// team's strategy, and the thread gets one "Transferred to Sales" line, for agents and the visitor alike.

describe.each(backends())("transfer to a team on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>["caller"];
  let sam: AgentIdentity;
  let salesId: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    const organizationId = tenant.organization.id;
    admin = (await agentCaller(world.deps, tenant.admin.email)).caller;
    const user = await addAgent(world.deps, organizationId, "Sam Sales");
    sam = { userId: user.id, organizationId, role: "agent", name: user.name, email: user.email };
    const sales = await world.deps.db.team.create({
      data: { organizationId, name: "Sales", members: { create: { organizationId, userId: user.id } } },
    });
    salesId = sales.id;
    // New chats wait for someone to take them (no pool assignment), so the admin can take each one first.
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { autoAssign: false } });
  });
  afterAll(() => world?.close());

  /** A chat the admin holds. */
  async function adminsChat() {
    const visitor = await tenant.visitor();
    const asVisitor = (await callerFor(world.deps, { visitorToken: visitor.token })).caller;
    const { conversationId } = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "I want to buy 40 seats" });
    const { version } = await admin.agent.actions.assign({ conversationId, expectedVersion: 0 });
    return { conversationId, expectedVersion: version, asVisitor };
  }
  const row = (id: string) => world.deps.db.conversation.findUniqueOrThrow({ where: { id } });
  const events = async (conversationId: string) =>
    (await world.deps.db.message.findMany({ where: { conversationId, type: "event" }, orderBy: { seq: "asc" } })).map((message) =>
      parseThreadEvent(message.body),
    );
  const transfers = (list: Awaited<ReturnType<typeof events>>) => list.filter((event) => event?.event === "transfer");

  it("the inbox lists the organization's teams with who is online and how many wait", async () => {
    expect(await admin.agent.workspace.teams()).toEqual([{ id: salesId, name: "Sales", online: 0, queued: 0 }]);
  });

  it("with nobody of the team online: unassigned in the team's queue, one transfer line, audited; the first member online takes it", async () => {
    const chat = await adminsChat();
    const eventsBefore = (await events(chat.conversationId)).length;
    const result = await admin.agent.actions.transferToTeam({ ...chat, teamId: salesId, note: "wants a quote" });
    expect(result).toEqual({ version: chat.expectedVersion + 1 });
    expect(await row(chat.conversationId)).toMatchObject({ state: "queued", assigneeId: null, teamId: salesId });
    const after = await events(chat.conversationId);
    // Exactly one new line, the transfer itself: no extra "waiting for an agent" state line.
    expect(after.slice(eventsBefore)).toEqual([{ event: "transfer", teamId: salesId, teamName: "Sales" }]);
    const visitorLines = (await chat.asVisitor.visitor.thread({})).messages.filter((message) => message.type !== "text");
    expect(visitorLines.map((message) => parseThreadEvent(message.body)).filter((event) => event?.event === "transfer")).toHaveLength(1);
    expect(JSON.stringify(visitorLines)).not.toContain("wants a quote");
    const audit = await world.deps.db.auditLog.findMany({
      where: { organizationId: tenant.organization.id, action: "conversation.team_transfer", targetId: chat.conversationId },
    });
    expect(audit).toMatchObject([
      {
        actorId: tenant.admin.id,
        targetType: "conversation",
        details: { teamId: salesId, teamName: "Sales", fromAssigneeId: tenant.admin.id },
      },
    ]);
    expect((await admin.agent.workspace.teams()).find((team) => team.id === salesId)).toMatchObject({ queued: 1 });

    await setAgentStatus(world.deps, sam, "online");
    expect(await row(chat.conversationId)).toMatchObject({ state: "assigned", assigneeId: sam.userId, teamId: salesId });
    expect(transfers(await events(chat.conversationId))).toHaveLength(1);
  });

  it("with a member online and free: the team's strategy gives it to them at once, after the one transfer line", async () => {
    await setAgentStatus(world.deps, sam, "online");
    await world.deps.db.user.update({ where: { id: sam.userId }, data: { maxConcurrentChats: 10 } });
    const chat = await adminsChat();
    await admin.agent.actions.transferToTeam({ ...chat, teamId: salesId });
    expect(await row(chat.conversationId)).toMatchObject({ state: "assigned", assigneeId: sam.userId, teamId: salesId });
    const tail = (await events(chat.conversationId)).slice(-2);
    expect(tail).toEqual([
      { event: "transfer", teamId: salesId, teamName: "Sales" },
      { event: "state", from: "queued", to: "assigned", assigneeId: sam.userId },
    ]);
  });

  it("a stale version is refused and stores nothing; another organization's team and a resolved chat are refused", async () => {
    const chat = await adminsChat();
    const messages = () => world.deps.db.message.count({ where: { conversationId: chat.conversationId } });
    const before = { row: await row(chat.conversationId), messages: await messages() };
    await expect(
      admin.agent.actions.transferToTeam({ ...chat, expectedVersion: chat.expectedVersion - 1, teamId: salesId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const other = await createTenant(world.deps, "Other");
    const theirs = await world.deps.db.team.create({ data: { organizationId: other.organization.id, name: "Theirs" } });
    await expect(admin.agent.actions.transferToTeam({ ...chat, teamId: theirs.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect({ row: await row(chat.conversationId), messages: await messages() }).toEqual(before);
    const resolved = await admin.agent.actions.resolve(chat);
    await expect(
      admin.agent.actions.transferToTeam({ conversationId: chat.conversationId, expectedVersion: resolved.version, teamId: salesId }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await world.deps.db.auditLog.count({ where: { action: "conversation.team_transfer", targetId: chat.conversationId } })).toBe(0);
  });
});

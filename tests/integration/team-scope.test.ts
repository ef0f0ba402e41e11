import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxEvent } from "../../server/contracts/messages.ts";
import { afterCommit } from "../../server/domain/effects.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller, until } from "./inbox-support.ts";

describe.each(backends())("team scope on %s: an agent's shared views show their teams' conversations", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("Unassigned, All, search and the live list leave out other teams' conversations; admins see everything", async () => {
    const tenant = await createTenant(world.deps);
    const organizationId = tenant.organization.id;
    const sales = await addAgent(world.deps, organizationId, "Sally Sales");
    const support = await addAgent(world.deps, organizationId, "Sam Support");
    const salesTeam = await world.deps.db.team.create({
      data: { organizationId, name: "Sales", members: { create: [{ organizationId, userId: sales.id }] } },
    });
    const supportTeam = await world.deps.db.team.create({
      data: { organizationId, name: "Support", members: { create: [{ organizationId, userId: support.id }] } },
    });

    const chat = async (body: string, teamId: string | null) => {
      const { conversationId } = await sendVisitorMessage(world.deps, await tenant.visitor(), { clientMsgId: clientMsgId(), body });
      if (teamId) {
        // As routing does: the team is set, then every agent's live list hears of the change.
        await world.deps.db.conversation.update({ where: { id: conversationId }, data: { teamId } });
        await afterCommit(world.deps, { organizationId: organizationId, conversationId: conversationId, inbox: { reason: "state" } });
      }
      return conversationId;
    };
    const forSales = await chat("pricing for 40 seats", salesTeam.id);
    const forSupport = await chat("my kettle whistles wrong", supportTeam.id);
    const unrouted = await chat("hello anyone", null);

    const sally = (await agentCaller(world.deps, sales.email)).caller;
    const ids = async (view: "unassigned" | "all") => (await sally.agent.conversations.list({ view })).map((row) => row.id).sort();
    expect(await ids("unassigned")).toEqual([forSales, unrouted].sort());
    expect(await ids("all")).toEqual([forSales, unrouted].sort());
    expect((await sally.agent.workspace.search({ query: "kettle" })).map((hit) => hit.conversationId)).toEqual([]);
    expect((await sally.agent.workspace.search({ query: "pricing" })).map((hit) => hit.conversationId)).toEqual([forSales]);

    const admin = (await callerFor(world.deps, { cookie: (await agentCaller(world.deps, tenant.admin.email)).cookie })).caller;
    expect((await admin.agent.conversations.list({ view: "all" })).map((row) => row.id).sort()).toEqual(
      [forSales, forSupport, unrouted].sort(),
    );

    // The live list: Sally hears about Sales and unrouted chats, never Support's.
    const abort = new AbortController();
    const live = await agentCaller(world.deps, sales.email, abort.signal);
    const heard: InboxEvent[] = [];
    const listening = (async () => {
      for await (const event of await live.caller.agent.onInbox()) heard.push(event);
    })().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const support2 = await chat("the lid is stuck", supportTeam.id);
    const sales2 = await chat("discount for schools?", salesTeam.id);
    await until(() => heard.some((event) => event.conversation.id === sales2 && event.conversation.teamId === salesTeam.id));
    expect(heard.some((event) => event.conversation.id === support2 && event.conversation.teamId === supportTeam.id)).toBe(false);
    abort.abort();
    await listening;
    expect(
      (await (await agentCaller(world.deps, support.email)).caller.agent.conversations.list({ view: "all" })).map((row) => row.id),
    ).not.toContain(forSales);
  });
});

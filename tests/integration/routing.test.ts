import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { drainTeamQueue, queuePosition } from "../../server/domain/routing/drain-queue.ts";
import { routeConversation } from "../../server/domain/routing/route-conversation.ts";
import type { RoutingContext } from "../../server/domain/routing/rules.ts";
import type { Presence } from "../../server/domain/routing/team-state.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const visitorContext: RoutingContext = { pageUrl: "https://shop.example/", language: "en", country: null, preChat: {}, attributes: {} };

/** Presence is an input to routing; these tests say who is online. */
const everyoneOnline = (ids: string[]): Presence => ({ onlineAgentIds: async () => new Set(ids) });

async function teamWithAgents(deps: Deps, organizationId: string, count: number, capacity: number) {
  const passwordHash = await hashPassword("agent password");
  const agents = [];
  for (let i = 0; i < count; i++) {
    agents.push(
      await deps.db.user.create({
        data: {
          organizationId,
          email: `agent${i}-${organizationId}@test.example`,
          name: `Agent ${i}`,
          passwordHash,
          maxConcurrentChats: capacity,
        },
      }),
    );
  }
  const team = await deps.db.team.create({
    data: { organizationId, name: "Support", members: { create: agents.map((agent) => ({ organizationId, userId: agent.id })) } },
  });
  return { team, agentIds: agents.map((agent) => agent.id) };
}

describe.each(backends())("routing on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  it("200 conversations at once on two nodes: 4 agents × 5 slots → 20 assigned, 180 queued in arrival order, none lost", async () => {
    const tenant = await createTenant(world.deps);
    const organizationId = tenant.organization.id;
    const { team, agentIds } = await teamWithAgents(world.deps, organizationId, 4, 5);
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { defaultTeamId: team.id } });
    const presence = everyoneOnline(agentIds);

    // Arrival order is creation order: createdAt one millisecond apart.
    const visitors = await Promise.all(Array.from({ length: 200 }, () => tenant.visitor()));
    const base = Date.now();
    const conversations = [];
    for (const [i, visitor] of visitors.entries()) {
      conversations.push(
        await world.deps.db.conversation.create({
          data: {
            organizationId,
            siteId: tenant.site.id,
            visitorId: visitor.visitorId,
            openForVisitorId: visitor.visitorId,
            createdAt: new Date(base + i),
          },
        }),
      );
    }
    const decisions = await Promise.all(
      conversations.map((conversation, i) =>
        routeConversation(world.nodes[i % 2]!, presence, { organizationId, conversationId: conversation.id, context: visitorContext }),
      ),
    );
    expect(decisions.filter((d) => d.kind === "agent")).toHaveLength(20);
    expect(decisions.filter((d) => d.kind === "queue")).toHaveLength(180);

    const rows = await world.deps.db.conversation.findMany({ where: { organizationId } });
    expect(rows).toHaveLength(200);
    const perAgent = new Map<string, number>();
    for (const row of rows.filter((r) => r.state === "assigned")) perAgent.set(row.assigneeId!, (perAgent.get(row.assigneeId!) ?? 0) + 1);
    expect([...perAgent.values()].sort()).toEqual([5, 5, 5, 5]);
    const queued = rows.filter((r) => r.state === "queued");
    expect(queued).toHaveLength(180);
    expect(queued.filter((row) => row.teamId !== team.id || row.assigneeId !== null).map((r) => [r.teamId, r.version, r.queuedAt])).toEqual(
      [],
    );
    // The queue's order is arrival order.
    const queueOrder = [...queued].sort((a, b) => a.queuedAt!.getTime() - b.queuedAt!.getTime() || a.id.localeCompare(b.id));
    expect(queueOrder.map((r) => r.createdAt.getTime())).toEqual([...queueOrder.map((r) => r.createdAt.getTime())].sort((a, b) => a - b));
    expect(await queuePosition(world.deps, { organizationId, conversationId: queueOrder[0]!.id })).toBe(1);
    expect(await queuePosition(world.deps, { organizationId, conversationId: queueOrder[41]!.id })).toBe(42);

    // Agent 0 resolves three chats: on both nodes at once, the queue drains in order, never past capacity.
    const agentChats = rows.filter((r) => r.assigneeId === agentIds[0] && r.state === "assigned").slice(0, 3);
    for (const chat of agentChats) {
      await changeConversationState(world.deps, {
        organizationId,
        conversationId: chat.id,
        to: "resolved",
        actor: { kind: "agent", id: agentIds[0]! },
      });
    }
    const drained = await Promise.all(world.nodes.map((node) => drainTeamQueue(node, presence, { organizationId, teamId: team.id })));
    const newlyAssigned = drained.flatMap((d) => d.assigned);
    expect(newlyAssigned.sort()).toEqual(
      queueOrder
        .slice(0, 3)
        .map((r) => r.id)
        .sort(),
    );
    const after = await world.deps.db.conversation.groupBy({
      by: ["assigneeId"],
      where: { organizationId, state: "assigned" },
      _count: { _all: true },
    });
    expect(after.map((row) => row._count._all).sort()).toEqual([5, 5, 5, 5]);
    expect(await queuePosition(world.deps, { organizationId, conversationId: queueOrder[3]!.id })).toBe(1);
  });

  it("an agent who goes offline gets nothing new; one who comes online drains the queue", async () => {
    const tenant = await createTenant(world.deps);
    const organizationId = tenant.organization.id;
    const { team, agentIds } = await teamWithAgents(world.deps, organizationId, 2, 2);
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { defaultTeamId: team.id } });
    const nobody = everyoneOnline([]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const visitor = await tenant.visitor();
      const conversation = await world.deps.db.conversation.create({
        data: {
          organizationId,
          siteId: tenant.site.id,
          visitorId: visitor.visitorId,
          openForVisitorId: visitor.visitorId,
          createdAt: new Date(Date.now() + i),
        },
      });
      ids.push(conversation.id);
      expect(
        await routeConversation(world.deps, nobody, { organizationId, conversationId: conversation.id, context: visitorContext }),
      ).toEqual({
        kind: "queue",
        teamId: team.id,
      });
    }
    const onlyFirst = everyoneOnline([agentIds[0]!]);
    expect((await drainTeamQueue(world.deps, onlyFirst, { organizationId, teamId: team.id })).assigned).toEqual(ids.slice(0, 2));
    const rows = await world.deps.db.conversation.findMany({ where: { id: { in: ids } }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => [row.state, row.assigneeId])).toEqual([
      ["assigned", agentIds[0]],
      ["assigned", agentIds[0]],
      ["queued", null],
    ]);
    const events = await world.deps.db.message.findMany({ where: { conversationId: ids[0]!, type: "event" } });
    expect(events.map((event) => JSON.parse(event.body))).toEqual([
      { event: "state", from: "queued", to: "assigned", assigneeId: agentIds[0] },
    ]);
  });
});

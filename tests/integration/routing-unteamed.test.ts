import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { seedDemo } from "../../server/domain/organizations/seed-demo.ts";
import { setAgentStatus } from "../../server/domain/presence/agent-presence.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent } from "./inbox-support.ts";

// Issue #13, defect 10: the seeded demo routes to a team, and a conversation no team claims is still served by an
// online agent when the site assigns automatically.

type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function visitorWrites(deps: Deps, tenant: Tenant) {
  const visitor = await tenant.visitor();
  return (await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: "hello" })).conversationId;
}

async function agentOf(deps: Deps, tenant: Tenant, name: string, capacity = 1): Promise<AgentIdentity> {
  const user = await addAgent(deps, tenant.organization.id, name);
  await deps.db.user.update({ where: { id: user.id }, data: { maxConcurrentChats: capacity } });
  return { userId: user.id, organizationId: tenant.organization.id, role: "agent", name: user.name, email: user.email };
}

const conversation = (deps: Deps, id: string) => deps.db.conversation.findUniqueOrThrow({ where: { id } });

describe.each(backends())("conversations with no team on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  it("the seeded demo has a Support team with the admin in it, as the demo site's default team", async () => {
    const deps = world.nodes[0]!;
    // The test database is shared by this file's tests: seed only where no organization exists yet.
    const organizations = await deps.db.organization.count();
    if (organizations > 0) return void expect(organizations).toBeGreaterThan(0);
    expect(await seedDemo(deps, { adminPassword: "demo-password-1" })).not.toBeNull();
    const site = await deps.db.site.findFirstOrThrow({ where: { siteKey: "demo" } });
    const team = await deps.db.team.findUniqueOrThrow({
      where: { id: site.defaultTeamId! },
      include: { members: { include: { user: true } } },
    });
    expect(team.name).toBe("Support");
    expect(team.members.map((member) => member.user.email)).toEqual(["admin@demo.parley.local"]);
    expect(site.autoAssign).toBe(true);
  });

  it("with automatic assignment on, an online agent takes a conversation no team claims; with it off, it waits unassigned", async () => {
    const [nodeA, nodeB] = [world.nodes[0]!, world.nodes[1]!];
    const tenant = await createTenant(nodeA, "No teams Inc");
    const ada = await agentOf(nodeA, tenant, "Ada", 1);
    await setAgentStatus(nodeB, ada, "online");
    const first = await visitorWrites(nodeA, tenant);
    expect(await conversation(nodeA, first)).toMatchObject({ state: "assigned", assigneeId: ada.userId, teamId: null });

    // Ada is full: the next one waits in the shared inbox, and is served when her slot frees up.
    const second = await visitorWrites(nodeA, tenant);
    expect(await conversation(nodeA, second)).toMatchObject({ state: "queued", assigneeId: null, teamId: null });
    const firstRow = await conversation(nodeA, first);
    await changeConversationState(nodeB, {
      organizationId: tenant.organization.id,
      conversationId: first,
      expectedVersion: firstRow.version,
      to: "resolved",
      actor: { kind: "agent", id: ada.userId },
    });
    expect(await conversation(nodeA, second)).toMatchObject({ state: "assigned", assigneeId: ada.userId, teamId: null });

    await nodeA.db.site.update({ where: { id: tenant.site.id }, data: { autoAssign: false } });
    const third = await visitorWrites(nodeA, tenant);
    expect(await conversation(nodeA, third)).toMatchObject({ state: "queued", assigneeId: null });
  });

  it("a conversation that waited with nobody online goes to the first agent who comes online", async () => {
    const deps = world.nodes[0]!;
    const tenant = await createTenant(deps, "Night shift Ltd");
    const grace = await agentOf(deps, tenant, "Grace", 3);
    const waiting = await visitorWrites(deps, tenant);
    expect(await conversation(deps, waiting)).toMatchObject({ state: "queued", assigneeId: null });
    await setAgentStatus(world.nodes[1]!, grace, "online");
    expect(await conversation(deps, waiting)).toMatchObject({ state: "assigned", assigneeId: grace.userId });
  });
});

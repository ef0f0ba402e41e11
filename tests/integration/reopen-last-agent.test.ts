import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { setAgentStatus } from "../../server/domain/presence/agent-presence.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent } from "./inbox-support.ts";

// Issue #13: a reopened chat goes back to the agent who last handled it when they are online and have room; else
// it is routed as usual.

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe.each(backends())("a reopened conversation on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let deps: Deps;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    deps = world.deps;
  });
  afterAll(() => world?.close());

  /** Ada and Ben in the site's default team, both online; Ben was assigned a moment ago, so round robin picks Ada next. */
  async function supportTeam(name: string) {
    const tenant = await createTenant(deps, name);
    const organizationId = tenant.organization.id;
    const agent = async (who: string): Promise<AgentIdentity> => {
      const user = await addAgent(deps, organizationId, who);
      return { userId: user.id, organizationId, role: "agent", name: user.name, email: user.email };
    };
    const [ada, ben] = [await agent("Ada"), await agent("Ben")];
    const team = await deps.db.team.create({
      data: {
        organizationId,
        name: "Support",
        members: { create: [ada, ben].map((member) => ({ organizationId, userId: member.userId })) },
      },
    });
    await deps.db.site.update({ where: { id: tenant.site.id }, data: { defaultTeamId: team.id } });
    return { tenant, ada, ben };
  }

  /** A chat Ben handled and resolved; the visitor who wrote it. */
  async function resolvedByBen(tenant: Tenant, ben: AgentIdentity) {
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: "my order is late" });
    let row = await deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    await changeConversationState(deps, {
      organizationId: tenant.organization.id,
      conversationId,
      expectedVersion: row.version,
      to: "assigned",
      assigneeId: ben.userId,
      actor: { kind: "agent", id: ben.userId },
    });
    row = await deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    await changeConversationState(deps, {
      organizationId: tenant.organization.id,
      conversationId,
      expectedVersion: row.version,
      to: "resolved",
      actor: { kind: "agent", id: ben.userId },
    });
    // Ben was the latest to get a chat: by round robin alone the next one would go to Ada.
    await deps.db.user.update({ where: { id: ben.userId }, data: { lastAssignedAt: new Date() } });
    return { visitor, conversationId };
  }
  const reopen = async (visitor: Awaited<ReturnType<Tenant["visitor"]>>, conversationId: string) => {
    const ack = await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: "it still has not arrived" });
    expect(ack.conversationId).toBe(conversationId);
    return deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  };

  it("goes back to the agent who resolved it when they are online with room, not to whoever routing would pick", async () => {
    const { tenant, ada, ben } = await supportTeam("Back Inc");
    const { visitor, conversationId } = await resolvedByBen(tenant, ben);
    await setAgentStatus(deps, ada, "online");
    await setAgentStatus(deps, ben, "online");
    expect(await reopen(visitor, conversationId)).toMatchObject({ state: "assigned", assigneeId: ben.userId });
  });

  it("goes through normal routing when that agent is offline", async () => {
    const { tenant, ada, ben } = await supportTeam("Offline Ltd");
    const { visitor, conversationId } = await resolvedByBen(tenant, ben);
    await setAgentStatus(deps, ada, "online");
    await setAgentStatus(deps, ben, "offline");
    expect(await reopen(visitor, conversationId)).toMatchObject({ state: "assigned", assigneeId: ada.userId });
  });

  it("goes through normal routing when that agent is away or at their limit", async () => {
    const { tenant, ada, ben } = await supportTeam("Full GmbH");
    const first = await resolvedByBen(tenant, ben);
    const second = await resolvedByBen(tenant, ben);
    await setAgentStatus(deps, ada, "online");
    await setAgentStatus(deps, ben, "away");
    expect(await reopen(first.visitor, first.conversationId)).toMatchObject({ state: "assigned", assigneeId: ada.userId });

    await deps.db.user.update({ where: { id: ben.userId }, data: { maxConcurrentChats: 1 } });
    await deps.db.conversation.update({ where: { id: first.conversationId }, data: { assigneeId: ben.userId } });
    await setAgentStatus(deps, ben, "online");
    expect(await reopen(second.visitor, second.conversationId)).toMatchObject({ state: "assigned", assigneeId: ada.userId });
  });
});

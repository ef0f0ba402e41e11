import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import type { QueueStatus } from "../../server/contracts/queue.ts";
import type { ConversationSignal } from "../../server/contracts/signals.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createSite } from "../../server/domain/organizations/create-organization.ts";
import { readTeamQueue } from "../../server/domain/routing/queue-status.ts";
import { setAgentStatus } from "../../server/domain/presence/agent-presence.ts";
import { openVisitorSession } from "../../server/domain/sites/open-visitor-session.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, until } from "./inbox-support.ts";

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const minutes = (n: number) => n * 60_000;

/** A team of one online agent who takes one chat at a time, as the default team of `siteId`. */
async function oneAgentTeam(deps: Deps, tenant: Tenant, siteId: string, name: string) {
  const organizationId = tenant.organization.id;
  const user = await addAgent(deps, organizationId, name);
  await deps.db.user.update({ where: { id: user.id }, data: { maxConcurrentChats: 1 } });
  const agent: AgentIdentity = { userId: user.id, organizationId, role: "agent", name: user.name, email: user.email };
  const team = await deps.db.team.create({ data: { organizationId, name, members: { create: { organizationId, userId: user.id } } } });
  await deps.db.site.update({ where: { id: siteId }, data: { defaultTeamId: team.id } });
  await setAgentStatus(deps, agent, "online");
  return { agent, team };
}

/** Chats the team handled lately, each `handleMs` from first reply to resolution: what the estimate reads. */
async function pastChats(deps: Deps, tenant: Tenant, teamId: string, count: number, handleMs: number) {
  const resolvedAt = new Date(Date.now() - minutes(60));
  for (let i = 0; i < count; i++) {
    const visitor = await tenant.visitor();
    await deps.db.conversation.create({
      data: {
        organizationId: tenant.organization.id,
        siteId: tenant.site.id,
        visitorId: visitor.visitorId,
        teamId,
        state: "resolved",
        firstResponseAt: new Date(resolvedAt.getTime() - handleMs),
        resolvedAt,
      },
    });
  }
}

/** A visitor who writes on `deps` and watches their own signal stream there; `latest()` is their last queue status. */
async function queuedVisitor(deps: Deps, tenant: Tenant, stop: AbortSignal, siteVisitor?: Awaited<ReturnType<Tenant["visitor"]>>) {
  const visitor = siteVisitor ?? (await tenant.visitor());
  const { conversationId } = await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: "anyone there?" });
  const statuses: (QueueStatus | null)[] = [];
  const caller = (await callerFor(deps, { visitorToken: visitor.token, signal: stop })).caller;
  const stream = (await caller.visitor.onSignals()) as AsyncIterable<ConversationSignal>;
  void (async () => {
    for await (const signal of stream) if (signal.kind === "queue") statuses.push(signal.status);
  })();
  return { conversationId, statuses, latest: () => statuses.at(-1) };
}

const positionOf = (watcher: { latest: () => QueueStatus | null | undefined }) => watcher.latest()?.position;

describe.each(backends())("queue position on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
  });
  afterAll(() => world?.close());

  it("queued visitors see their places 1, 2, 3 with an estimate; when the agent resolves, #1 is served and the others move up live, on either node", async () => {
    const [nodeA, nodeB] = [world.nodes[0]!, world.nodes[1]!];
    const stop = new AbortController();
    const tenant = await createTenant(nodeA);
    const { agent, team } = await oneAgentTeam(nodeA, tenant, tenant.site.id, "Support");
    await pastChats(nodeA, tenant, team.id, 3, minutes(4));

    const busy = await sendVisitorMessage(nodeA, await tenant.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    expect(await nodeA.db.conversation.findUniqueOrThrow({ where: { id: busy.conversationId } })).toMatchObject({ state: "assigned" });

    const first = await queuedVisitor(nodeA, tenant, stop.signal);
    await until(() => positionOf(first) === 1);
    const second = await queuedVisitor(nodeB, tenant, stop.signal);
    await until(() => positionOf(second) === 2);
    const third = await queuedVisitor(nodeA, tenant, stop.signal);
    // Each node hears of the third visitor on its own time: wait for all of them.
    await until(() => [first, second, third].every((watcher, i) => positionOf(watcher) === i + 1 && watcher.latest()?.queueLength === 3));
    // One slot frees about every 4 minutes: #1 waits under 5, #2 under 10, #3 under 15.
    expect(first.latest()).toEqual({ position: 1, queueLength: 3, estimate: { under: 5 } });
    expect(second.latest()).toEqual({ position: 2, queueLength: 3, estimate: { under: 10 } });
    expect(third.latest()).toEqual({ position: 3, queueLength: 3, estimate: { under: 15 } });

    await changeConversationState(nodeA, {
      organizationId: tenant.organization.id,
      conversationId: busy.conversationId,
      to: "resolved",
      actor: { kind: "agent", id: agent.userId },
    });
    await until(() => first.latest() === null && positionOf(second) === 1 && positionOf(third) === 2 && third.latest()?.queueLength === 2);
    expect(await nodeA.db.conversation.findUniqueOrThrow({ where: { id: first.conversationId } })).toMatchObject({
      state: "assigned",
      assigneeId: agent.userId,
    });
    expect(first.latest()).toBeNull();
    expect(second.latest()).toEqual({ position: 1, queueLength: 2, estimate: { under: 5 } });
    expect(third.latest()).toEqual({ position: 2, queueLength: 2, estimate: { under: 10 } });
    // Only changes are pushed (the queue grew behind #2, then #2 moved up), never the same status twice.
    expect(second.statuses.map((status) => `${status?.position}/${status?.queueLength}`)).toEqual(["2/2", "2/3", "1/2"]);

    // The agent signs off before answering: #1's chat is requeued at the front (its visitor has waited longest), in
    // the order drain serves, and with nobody online to free a slot nobody is promised a wait.
    await setAgentStatus(nodeB, agent, "offline");
    const watchers = [first, second, third];
    await until(() => watchers.every((watcher) => watcher.latest()?.queueLength === 3 && watcher.latest()?.estimate === null));
    expect(await readTeamQueue(nodeA, { organizationId: tenant.organization.id, teamId: team.id })).toEqual(
      watchers.map((watcher) => watcher.conversationId),
    );
    for (const [i, watcher] of watchers.entries()) expect(watcher.latest()).toEqual({ position: i + 1, queueLength: 3, estimate: null });
    stop.abort();
  });

  it("without recent chats to go on the place is shown with no estimate", async () => {
    const stop = new AbortController();
    const tenant = await createTenant(world.deps);
    await oneAgentTeam(world.deps, tenant, tenant.site.id, "Sales");
    await sendVisitorMessage(world.deps, await tenant.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    const waiting = await queuedVisitor(world.deps, tenant, stop.signal);
    await until(() => positionOf(waiting) === 1);
    expect(waiting.latest()).toEqual({ position: 1, queueLength: 1, estimate: null });
    stop.abort();
  });

  it("queues of another site's team and another organization neither show nor move each other's places", async () => {
    const [nodeA, nodeB] = [world.nodes[0]!, world.nodes[1]!];
    const stop = new AbortController();
    const acme = await createTenant(nodeA, "Acme");
    const globex = await createTenant(nodeA, "Globex");
    const acme2 = await createSite(nodeA, {
      organizationId: acme.organization.id,
      name: "Acme outlet",
      allowedOrigins: ["https://shop.example"],
    });
    const acmeDesk = await oneAgentTeam(nodeA, acme, acme.site.id, "Acme support");
    await oneAgentTeam(nodeA, acme, acme2.id, "Outlet support");
    const globexDesk = await oneAgentTeam(nodeA, globex, globex.site.id, "Globex support");

    // Every agent gets one chat and is full.
    await sendVisitorMessage(nodeA, await acme.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    const outletVisitor = async () => {
      const session = await openVisitorSession(nodeA, {
        siteKey: acme2.siteKey,
        deviceId: clientMsgId(),
        origin: "https://shop.example",
        requestHost: "app.test",
        userAgent: "vitest",
        ip: "127.0.0.1",
      });
      return { organizationId: acme.organization.id, siteId: acme2.id, visitorId: session.visitorId, token: session.token, deviceId: "" };
    };
    await sendVisitorMessage(nodeA, await outletVisitor(), { clientMsgId: clientMsgId(), body: "hi" });
    const globexBusy = await sendVisitorMessage(nodeA, await globex.visitor(), { clientMsgId: clientMsgId(), body: "hi" });

    const acmeWaiting = await queuedVisitor(nodeA, acme, stop.signal);
    const outletWaiting = await queuedVisitor(nodeB, acme, stop.signal, await outletVisitor());
    const globexWaiting = await queuedVisitor(nodeB, globex, stop.signal);
    await until(() => positionOf(acmeWaiting) === 1 && positionOf(outletWaiting) === 1 && positionOf(globexWaiting) === 1);
    for (const waiting of [acmeWaiting, outletWaiting, globexWaiting])
      expect(waiting.latest()).toMatchObject({ position: 1, queueLength: 1 });

    // Globex's agent frees up: only Globex's visitor moves; Acme's two queues are untouched.
    await changeConversationState(nodeB, {
      organizationId: globex.organization.id,
      conversationId: globexBusy.conversationId,
      to: "resolved",
      actor: { kind: "agent", id: globexDesk.agent.userId },
    });
    await until(() => globexWaiting.latest() === null);
    expect(globexWaiting.latest()).toBeNull();
    expect(acmeWaiting.statuses).toEqual([{ position: 1, queueLength: 1, estimate: null }]);
    expect(outletWaiting.statuses).toEqual([{ position: 1, queueLength: 1, estimate: null }]);
    expect((await nodeA.db.conversation.findUniqueOrThrow({ where: { id: acmeWaiting.conversationId } })).teamId).toBe(acmeDesk.team.id);
    stop.abort();
  });
});

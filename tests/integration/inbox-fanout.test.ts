import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxEvent } from "../../server/contracts/messages.ts";
import { afterCommit } from "../../server/domain/effects.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { inboxFanoutFor } from "../../server/realtime/inbox-fanout.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { nodeClient, startWsServer } from "../support/ws-server.ts";
import { addAgent, agentCaller, until } from "./inbox-support.ts";

/**
 * The inbox list over WebSocket goes through the node's fan-out (server/realtime/inbox-fanout.ts), which writes
 * tRPC's frames itself: the typed client must read them as before, each watcher once, within its team scope, and
 * nothing after it unsubscribes — while the other watchers of the same organization keep theirs.
 */
describe.each(backends())("the inbox fan-out over WebSocket on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    server = await startWsServer(world.nodes[1]!);
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  it("every watcher in scope gets each event once through the typed client; out of scope and unsubscribed get nothing", async () => {
    const tenant = await createTenant(world.deps);
    const organizationId = tenant.organization.id;
    const sales = await addAgent(world.deps, organizationId, "Sally Sales");
    const salesTeam = await world.deps.db.team.create({
      data: { organizationId, name: "Sales", members: { create: [{ organizationId, userId: sales.id }] } },
    });
    const supportTeam = await world.deps.db.team.create({ data: { organizationId, name: "Support" } });

    const adminCookie = (await agentCaller(world.deps, tenant.admin.email)).cookie;
    const sallyCookie = (await agentCaller(world.deps, sales.email)).cookie;
    const clients = [
      nodeClient(server.url, { cookie: adminCookie }),
      nodeClient(server.url, { cookie: adminCookie }),
      nodeClient(server.url, { cookie: sallyCookie }),
    ];
    const heard: InboxEvent[][] = clients.map(() => []);
    const subscriptions = clients.map((client, i) =>
      client.trpc.agent.onInbox.subscribe(undefined, { onData: (event) => heard[i]!.push(event) }),
    );
    // The second admin socket also leaves again, to show one watcher's leaving does not stop the others.
    const leaving = nodeClient(server.url, { cookie: adminCookie });
    const leftHeard: InboxEvent[] = [];
    const leavingSubscription = leaving.trpc.agent.onInbox.subscribe(undefined, { onData: (event) => leftHeard.push(event) });
    // All four go through this node's fan-out, not tRPC's per-subscription loop; then one leaves.
    await until(() => inboxFanoutFor(world.nodes[1]!.bus).watcherCount() === 4);
    leavingSubscription.unsubscribe();
    await until(() => inboxFanoutFor(world.nodes[1]!.bus).watcherCount() === 3);

    // Messages are committed on the other node; its publishes reach this node's fan-out over the bus.
    const chat = async (body: string, teamId: string) => {
      const { conversationId } = await sendVisitorMessage(world.nodes[0]!, await tenant.visitor(), { clientMsgId: clientMsgId(), body });
      await world.deps.db.conversation.update({ where: { id: conversationId }, data: { teamId } });
      await afterCommit(world.nodes[0]!, { organizationId: organizationId, conversationId: conversationId, inbox: { reason: "state" } });
      return conversationId;
    };
    const forSupport = await chat("my kettle whistles wrong", supportTeam.id);
    const forSales = await chat("pricing for 40 seats", salesTeam.id);
    const routed = (events: InboxEvent[], id: string, teamId: string) =>
      events.filter((event) => event.conversation.id === id && event.conversation.teamId === teamId);
    await until(
      () =>
        routed(heard[0]!, forSales, salesTeam.id).length > 0 &&
        routed(heard[1]!, forSales, salesTeam.id).length > 0 &&
        routed(heard[2]!, forSales, salesTeam.id).length > 0,
    );

    for (const events of heard.slice(0, 2)) {
      expect(routed(events, forSupport, supportTeam.id)).toHaveLength(1);
      expect(routed(events, forSales, salesTeam.id)).toHaveLength(1);
      expect(routed(events, forSales, salesTeam.id)[0]).toMatchObject({
        kind: "conversation",
        reason: "state",
        conversation: { id: forSales, lastMessagePreview: "pricing for 40 seats" },
      });
    }
    expect(routed(heard[2]!, forSupport, supportTeam.id)).toHaveLength(0);
    expect(routed(heard[2]!, forSales, salesTeam.id)).toHaveLength(1);
    expect(leftHeard).toHaveLength(0);

    for (const subscription of subscriptions) subscription.unsubscribe();
    await Promise.all([...clients, leaving].map((client) => client.close()));
    await until(() => inboxFanoutFor(world.nodes[1]!.bus).watcherCount() === 0);
  });
});

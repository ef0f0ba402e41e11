import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postBotLine } from "../../server/domain/bot/post-bot-line.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { setConversationLabel } from "../../server/domain/labels/labels.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { ask, botOn, countingNode } from "./bot-support.ts";
import { until } from "./inbox-support.ts";

/** After-commit effects (server/domain/effects.ts) and webhooks written inside the change's own transaction. */
describe.each(backends())("effects of a committed change on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  async function tenantWithWebhook() {
    const tenant = await createTenant(world.deps);
    await world.deps.db.webhook.create({
      data: {
        organizationId: tenant.organization.id,
        url: "http://127.0.0.1:9/hook",
        secret: "s".repeat(32),
        events: ["conversation.created", "conversation.assigned", "conversation.resolved"],
      },
    });
    return tenant;
  }
  const deliveries = (organizationId: string) =>
    world.deps.db.webhookDelivery.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: { event: true } });

  /** A node whose webhook deliveries cannot be written inside a transaction. */
  function failingDeliveries(deps: Deps): Deps {
    const db = new Proxy(deps.db, {
      get(target, property, receiver) {
        if (property === "$transaction") {
          return (fn: (tx: unknown) => Promise<unknown>, options?: unknown) =>
            (target.$transaction as (f: (tx: unknown) => Promise<unknown>, o?: unknown) => Promise<unknown>)(
              (tx) =>
                fn(
                  new Proxy(tx as object, {
                    get: (inner, key, innerReceiver) =>
                      key === "webhookDelivery"
                        ? { createMany: () => Promise.reject(new Error("delivery insert refused")) }
                        : Reflect.get(inner, key, innerReceiver),
                  }),
                ),
              options,
            );
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { ...deps, db } as Deps;
  }

  it("a new conversation and its conversation.created delivery are written together, or neither is", async () => {
    const tenant = await tenantWithWebhook();
    const sent = await sendVisitorMessage(world.deps, await tenant.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    expect(await deliveries(tenant.organization.id)).toEqual([{ event: "conversation.created" }]);

    const refused = failingDeliveries(world.deps);
    const other = await tenant.visitor();
    await expect(sendVisitorMessage(refused, other, { clientMsgId: clientMsgId(), body: "hi" })).rejects.toThrow(/delivery insert refused/);
    expect(await world.deps.db.conversation.count({ where: { visitorId: other.visitorId } })).toBe(0);
    expect(sent.seq).toBe(1);
  });

  it("a state change's webhook goes in with its compare-and-set: a refused delivery leaves the state as it was", async () => {
    const tenant = await tenantWithWebhook();
    const sent = await sendVisitorMessage(world.deps, await tenant.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    const resolve = (deps: Deps, expectedVersion: number) =>
      changeConversationState(deps, {
        organizationId: tenant.organization.id,
        conversationId: sent.conversationId,
        to: "resolved",
        expectedVersion,
        actor: { kind: "system", id: null },
      });
    const before = await world.deps.db.conversation.findFirstOrThrow({
      where: { id: sent.conversationId },
      select: { version: true, state: true },
    });
    await expect(resolve(failingDeliveries(world.deps), before.version)).rejects.toThrow(/delivery insert refused/);
    expect(
      await world.deps.db.conversation.findFirstOrThrow({ where: { id: sent.conversationId }, select: { version: true, state: true } }),
    ).toEqual(before);

    await resolve(world.deps, before.version);
    await expect(resolve(world.deps, before.version)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await deliveries(tenant.organization.id)).toEqual([{ event: "conversation.created" }, { event: "conversation.resolved" }]);
  });

  it("a label change is one inbox publish; a bot line is one commit and one inbox publish, from that commit", async () => {
    const tenant = await createTenant(world.deps);
    const sent = await sendVisitorMessage(world.deps, await tenant.visitor(), { clientMsgId: clientMsgId(), body: "hi" });
    const label = await world.deps.db.label.create({ data: { organizationId: tenant.organization.id, name: "VIP", color: "#ff0000" } });
    const labelled = countingNode(world.deps);
    await setConversationLabel(labelled.node, tenant.agent, { conversationId: sent.conversationId, labelId: label.id, on: true });
    expect(labelled.inboxPublishes).toBe(1);

    await botOn(world.deps, tenant);
    const { conversation } = await ask(world.deps, tenant, "Hello there");
    const bot = countingNode(world.deps);
    const turn = {
      id: conversation.id,
      organizationId: tenant.organization.id,
      siteId: tenant.site.id,
      visitorId: conversation.visitorId,
      botTurns: 0,
    };
    await postBotLine(bot.node, turn, { replyId: `bot-${clientMsgId()}`, body: "Hi! How can I help?", lowTurns: 0 });
    await until(() => bot.inboxPublishes > 0);
    expect(bot.commits).toBe(1);
    expect(bot.inboxPublishes).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("CSAT on %s: the visitor rates a resolved chat, once per resolution", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("refuses before resolution and bad scores by name, stores one rating, allows another after a reopen, and reports them", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    await expect(caller.visitor.rate({ score: 5 })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "there is no conversation to rate",
    });

    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "my order?" });
    await expect(caller.visitor.rate({ score: 5 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "a conversation can be rated once it is resolved",
    });
    const resolve = () =>
      changeConversationState(world.deps, {
        organizationId: tenant.organization.id,
        conversationId,
        to: "resolved",
        actor: { kind: "agent", id: tenant.admin.id },
      });
    await resolve();

    const unrated = async () => (await world.deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).ratingScore;
    for (const [input, message] of [
      [{ score: 0 }, "score: rate from 1 to 5"],
      [{ score: 6 }, "score: rate from 1 to 5"],
      [{ score: 2.5 }, "score: rate with a whole number from 1 to 5"],
      [{ score: 4, comment: "x".repeat(1001) }, "comment: comment is longer than 1000 characters"],
    ] as const) {
      await expect(caller.visitor.rate(input)).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    }
    expect(await unrated()).toBeNull();

    await caller.visitor.rate({ score: 4, comment: "  quick and kind  " });
    await expect(caller.visitor.rate({ score: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "this conversation has already been rated",
    });
    expect(await world.deps.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({
      ratingScore: 4,
      ratingComment: "quick and kind",
    });

    // The agent sees it in the thread; the report counts it.
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const thread = await admin.agent.messages({ conversationId });
    expect(thread.messages.map((m) => m.body).filter((body) => body.includes('"rating"'))).toEqual([
      JSON.stringify({ event: "rating", score: 4, comment: "quick and kind" }),
    ]);

    // Reopened by a new message and resolved again: a new rating for the new resolution.
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "one more thing" });
    await expect(caller.visitor.rate({ score: 2 })).rejects.toMatchObject({ code: "CONFLICT" });
    await resolve();
    await caller.visitor.rate({ score: 2 });
    const other = await tenant.visitor();
    const second = await sendVisitorMessage(world.deps, other, { clientMsgId: clientMsgId(), body: "hi" });
    await changeConversationState(world.deps, {
      organizationId: tenant.organization.id,
      conversationId: second.conversationId,
      to: "resolved",
      actor: { kind: "agent", id: tenant.admin.id },
    });
    await (await callerFor(world.deps, { visitorToken: other.token })).caller.visitor.rate({ score: 5 });

    const day = 24 * 3600 * 1000;
    const report = await admin.admin.reports.conversations({
      from: new Date(Date.now() - day).toISOString(),
      to: new Date(Date.now() + day).toISOString(),
    });
    expect(report.csat).toEqual({ count: 2, average: 3.5, distribution: [0, 1, 0, 0, 1] });
  });
});

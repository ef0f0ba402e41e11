import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import { findVisitorConversation } from "../../server/domain/conversations/access.ts";
import type { VisitorRef } from "../../server/domain/conversations/open-for-visitor.ts";
import { listVisitorConversations, visitorConversationPage } from "../../server/domain/conversations/visitor-conversations.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { identifyVisitor, identityHash } from "../../server/domain/visitors/identify-visitor.ts";
import { visitorContext } from "../../server/domain/visitors/visitor-context.ts";
import { backends } from "../support/test-database.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";

const hour = 3_600_000;

describe.each(backends())("a visitor's separate conversations on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  const at = (ms: number): Deps => ({ ...world.deps, now: () => new Date(ms) });
  async function resolve(deps: Deps, visitor: VisitorRef) {
    const conversation = (await findVisitorConversation(deps, visitor))!;
    await changeConversationState(deps, {
      organizationId: visitor.organizationId,
      conversationId: conversation.id,
      to: "resolved",
      expectedVersion: conversation.version,
      actor: { kind: "system", id: null },
    });
    return conversation.id;
  }
  const send = (deps: Deps, visitor: VisitorRef, body: string, fresh?: boolean) =>
    sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body, ...(fresh ? { fresh } : {}) });

  it("reopens within the site's quiet time and starts a new conversation after it", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const start = Date.now();
    const first = await send(at(start), visitor, "my kettle leaks");
    await resolve(at(start + 1000), visitor);
    // An hour later (default quiet time 4 h): a follow-up, the same conversation again.
    const followUp = await send(at(start + hour), visitor, "one more thing about the kettle");
    expect(followUp.conversationId).toBe(first.conversationId);
    await resolve(at(start + hour + 1000), visitor);
    // Five hours after that resolve: a new matter, a new conversation.
    const later = await send(at(start + 6 * hour), visitor, "now a question about shipping");
    expect(later.conversationId).not.toBe(first.conversationId);
    expect(later.seq).toBe(1);
    const rows = await listVisitorConversations(world.deps, visitor);
    expect(rows.map((row) => [row.id, row.state, row.current])).toEqual([
      [later.conversationId, "queued", true],
      [first.conversationId, "resolved", false],
    ]);
    // The past one stays readable, read-only, with its own messages only.
    const past = await visitorConversationPage(world.deps, visitor, { conversationId: first.conversationId, limit: 50 });
    expect(past.messages.filter((message) => message.senderKind === "visitor").map((message) => message.body)).toEqual([
      "my kettle leaks",
      "one more thing about the kettle",
    ]);
    // The agent's visitor panel lists both, with their states.
    const panel = await visitorContext(world.deps, tenant.agent, { visitorId: visitor.visitorId });
    expect(panel.pastConversations.map((row) => [row.id, row.state])).toEqual([
      [later.conversationId, "queued"],
      [first.conversationId, "resolved"],
    ]);
  });

  it("follows the site's own quiet time, and 'New conversation' starts one at once", async () => {
    const tenant = await createTenant(world.deps);
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: { newConversationAfterMinutes: 10 } } });
    const visitor = await tenant.visitor();
    const start = Date.now();
    const first = await send(at(start), visitor, "hello");
    await resolve(at(start), visitor);
    const second = await send(at(start + 11 * 60_000), visitor, "back again");
    expect(second.conversationId).not.toBe(first.conversationId);
    await resolve(at(start + 11 * 60_000), visitor);
    const third = await send(at(start + 12 * 60_000), visitor, "something else", true);
    expect(third.conversationId).not.toBe(second.conversationId);
    // "New conversation" while one is open writes into the open one: a visitor has one open conversation at a time.
    const fourth = await send(at(start + 13 * 60_000), visitor, "and this", true);
    expect(fourth.conversationId).toBe(third.conversationId);
  });

  it("shows a verified visitor the same list on every device, and an unverified claim only its own", async () => {
    const tenant = await createTenant(world.deps);
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { identitySecret: "site-identity-secret" } });
    const laptop = await tenant.visitor();
    const phone = await tenant.visitor();
    const stranger = await tenant.visitor();
    const hash = identityHash("site-identity-secret", "user-42");
    await identifyVisitor(world.deps, laptop, { id: "user-42", hash });
    await identifyVisitor(world.deps, phone, { id: "user-42", hash });
    // Anyone can claim an id; without the site's HMAC it is not verified and widens nothing.
    await identifyVisitor(world.deps, stranger, { id: "user-42" });
    const onLaptop = await send(world.deps, laptop, "asked on the laptop");
    await resolve(world.deps, laptop);
    const onPhone = await send(world.deps, phone, "asked on the phone");

    const phoneList = await listVisitorConversations(world.deps, phone);
    expect(phoneList.map((row) => [row.id, row.current])).toEqual([
      [onPhone.conversationId, true],
      [onLaptop.conversationId, false],
    ]);
    const laptopPage = await visitorConversationPage(world.deps, phone, { conversationId: onLaptop.conversationId, limit: 10 });
    expect(laptopPage.messages.map((message) => message.body)).toContain("asked on the laptop");

    expect(await listVisitorConversations(world.deps, stranger)).toEqual([]);
    await expect(
      visitorConversationPage(world.deps, stranger, { conversationId: onLaptop.conversationId, limit: 10 }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // The agent sees the verified user's conversations from both devices.
    const panel = await visitorContext(world.deps, tenant.agent, { visitorId: phone.visitorId });
    expect(panel.pastConversations.map((row) => row.id)).toEqual([onPhone.conversationId, onLaptop.conversationId]);
  });

  it("never lets a visitor of another site or organization read a conversation", async () => {
    const acme = await createTenant(world.deps, "Acme");
    const globex = await createTenant(world.deps, "Globex");
    const owner = await acme.visitor();
    const other = await globex.visitor();
    const { conversationId } = await send(world.deps, owner, "private");
    await expect(visitorConversationPage(world.deps, other, { conversationId, limit: 10 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendMessage } from "../../server/domain/messages/append-message.ts";
import { signVisitorToken } from "../../server/domain/sites/visitor-token.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("procedures on %s: bad input gets a clear error and stores nothing", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
  });
  afterAll(() => world?.close());

  const countRows = async () => ({
    visitors: await world.deps.db.visitor.count(),
    messages: await world.deps.db.message.count(),
    conversations: await world.deps.db.conversation.count(),
  });
  const deviceId = "device-0123456789abcdef";

  it("widget.session: unknown site key", async () => {
    const before = await countRows();
    const { caller } = await callerFor(world.deps, { origin: "https://shop.example" });
    await expect(caller.widget.session({ siteKey: "no-such-site", deviceId })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "unknown site key",
    });
    expect(await countRows()).toEqual(before);
  });

  it("widget.session: an origin the site does not allow, or none at all", async () => {
    const before = await countRows();
    const evil = await callerFor(world.deps, { origin: "https://evil.example" });
    await expect(evil.caller.widget.session({ siteKey: tenant.site.siteKey, deviceId })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "origin https://evil.example is not allowed for this site (add it in Dashboard → Sites → Allowed origins)",
    });
    const none = await callerFor(world.deps);
    await expect(none.caller.widget.session({ siteKey: tenant.site.siteKey, deviceId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await countRows()).toEqual(before);
  });

  it("widget.session: an allowed origin gets a token; a malformed device id is refused by name", async () => {
    const { caller } = await callerFor(world.deps, { origin: "https://shop.example" });
    await expect(caller.widget.session({ siteKey: tenant.site.siteKey, deviceId: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "deviceId: deviceId must be at least 16 characters",
    });
    const session = await caller.widget.session({ siteKey: tenant.site.siteKey, deviceId });
    expect(session.token).toMatch(/^ey/);
  });

  it("visitor procedures: missing, expired and forged tokens", async () => {
    const before = await countRows();
    const send = { clientMsgId: clientMsgId(), body: "hello" };
    const anonymous = await callerFor(world.deps);
    await expect(anonymous.caller.visitor.send(send)).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "visitor token required" });

    const visitor = await tenant.visitor();
    const identity = { organizationId: visitor.organizationId, siteId: visitor.siteId, visitorId: visitor.visitorId };
    const expired = await signVisitorToken(world.deps.sessionSecret, identity, new Date(Date.now() - 2 * 60 * 60 * 1000));
    const late = await callerFor(world.deps, { visitorToken: expired.token });
    await expect(late.caller.visitor.send(send)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "visitor token expired; open a new session",
    });

    const forged = await signVisitorToken("another-secret-another-secret-another", identity, new Date());
    const forger = await callerFor(world.deps, { visitorToken: forged.token });
    await expect(forger.caller.visitor.send(send)).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "visitor token is invalid" });
    const garbage = await callerFor(world.deps, { visitorToken: "not-a-jwt" });
    await expect(garbage.caller.visitor.thread({})).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "visitor token is invalid" });
    expect({ ...(await countRows()), visitors: before.visitors }).toEqual(before);
  });

  it("agent procedures refuse a visitor token", async () => {
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    const { conversationId } = await caller.visitor.send({ clientMsgId: clientMsgId(), body: "hi" });
    const before = await countRows();
    await expect(caller.agent.send({ conversationId, clientMsgId: clientMsgId(), body: "sneaky" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "agent login required",
    });
    await expect(caller.agent.conversations.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await countRows()).toEqual(before);
  });

  it("message bodies: empty, blank, over 5,000 characters, wrong types", async () => {
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    const before = await countRows();
    await expect(caller.visitor.send({ clientMsgId: clientMsgId(), body: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "body: message is empty",
    });
    await expect(caller.visitor.send({ clientMsgId: clientMsgId(), body: " \n\t " })).rejects.toMatchObject({
      message: "body: message is empty",
    });
    await expect(caller.visitor.send({ clientMsgId: clientMsgId(), body: "x".repeat(5001) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "body: message is longer than 5000 characters",
    });
    await expect(caller.visitor.send({ clientMsgId: clientMsgId(), body: 42 } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^body: /),
    });
    await expect(caller.visitor.send({ clientMsgId: "bad id with spaces", body: "hi" })).rejects.toMatchObject({
      message: "clientMsgId: clientMsgId may contain only letters, digits, '-' and '_'",
    });
    expect(await countRows()).toEqual(before);
    const exactlyAtLimit = await caller.visitor.send({ clientMsgId: clientMsgId(), body: "y".repeat(5000) });
    expect(exactlyAtLimit.seq).toBe(1);
  });

  it("login: a wrong password and an unknown email get the same answer, and no session", async () => {
    const before = await world.deps.db.session.count();
    const { caller, setCookies } = await callerFor(world.deps);
    await expect(caller.auth.login({ email: tenant.admin.email, password: "wrong password" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Invalid email or password",
    });
    await expect(caller.auth.login({ email: "nobody@nowhere.test", password: testPassword })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Invalid email or password",
    });
    expect(setCookies).toEqual([]);
    expect(await world.deps.db.session.count()).toBe(before);
  });

  it("login sets an httpOnly, SameSite=Lax session cookie that authenticates agent calls", async () => {
    const { caller, setCookies } = await callerFor(world.deps);
    await caller.auth.login({ email: tenant.admin.email.toUpperCase(), password: testPassword });
    expect(setCookies[0]).toMatch(/^parley_session=[\w-]+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    const agent = await callerFor(world.deps, { cookie: setCookies[0]!.split(";")[0] });
    expect(await agent.caller.auth.me()).toMatchObject({ email: tenant.admin.email, role: "admin" });
  });

  it("a visitor never receives private notes or agent ids", async () => {
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    const { conversationId } = await caller.visitor.send({ clientMsgId: clientMsgId(), body: "question" });
    await appendMessage(world.deps, {
      organizationId: tenant.organization.id,
      conversationId,
      clientMsgId: clientMsgId(),
      senderKind: "agent",
      senderId: tenant.admin.id,
      type: "note",
      body: "internal: VIP customer",
    });
    const thread = await caller.visitor.thread({});
    expect(thread.messages.map((message) => message.body)).toEqual(["question"]);
    expect(Object.keys(thread.messages[0]!).sort()).toEqual(["body", "clientMsgId", "createdAt", "id", "senderKind", "seq", "type"]);
  });
});

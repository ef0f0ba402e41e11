import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { assignConversation } from "../../server/domain/conversations/assign.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** Agents and invitations through the admin procedures; deactivation ends logins and re-routes open chats. */
describe.each(backends())("admin agents and invitations on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCallerFor>>;
  let other: Awaited<ReturnType<typeof agentCallerFor>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const globex = await createTenant(world.deps, "Globex");
    other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
  });
  afterAll(() => world?.close());

  let seq = 0;
  async function newAgent(name: string) {
    const user = await world.deps.db.user.create({
      data: {
        organizationId: tenant.organization.id,
        email: `${name.toLowerCase()}-${seq++}-${backend}@acme.test`,
        name,
        passwordHash: await hashPassword(testPassword),
      },
    });
    return user;
  }
  const tokenOf = (link: string) => link.split("/invite/")[1]!;

  it("invites by link: the link works once, sets name and password, and the new agent can log in", async () => {
    const invitation = await admin.admin.agents.invite({ email: `New.Person-${backend}@Acme.test`, role: "agent" });
    expect(invitation.link).toMatch(/^http:\/\/app\.test\/invite\/[\w-]{43}$/);
    const email = `new.person-${backend}@acme.test`;
    expect((await admin.admin.agents.invitations()).map((i) => i.email)).toContain(email);
    expect(JSON.stringify(await world.deps.db.invitation.findMany())).not.toContain(tokenOf(invitation.link));

    const visitorSide = (await callerFor(world.deps)).caller;
    const token = tokenOf(invitation.link);
    expect(await visitorSide.invitation.describe({ token })).toEqual({ email, role: "agent", organizationName: "Acme" });
    await expect(visitorSide.invitation.accept({ token, name: "New Person", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "password: password must be at least 10 characters",
    });
    await visitorSide.invitation.accept({ token, name: "New Person", password: testPassword });
    await expect(visitorSide.invitation.accept({ token, name: "Again", password: testPassword })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const joined = await agentCallerFor(world.deps, email, testPassword);
    expect(await joined.auth.me()).toMatchObject({ email, role: "agent", organizationId: tenant.organization.id });
    expect((await admin.admin.agents.invitations()).map((i) => i.email)).not.toContain(email);
    expect((await admin.admin.audit.list({ action: "invitation." })).map((line) => line.action)).toEqual([
      "invitation.accept",
      "invitation.create",
    ]);
  });

  it("refuses expired, revoked and unknown invitations, duplicate emails and bad input, storing nothing", async () => {
    const visitorSide = (await callerFor(world.deps)).caller;
    const expired = await admin.admin.agents.invite({ email: `late-${backend}@acme.test`, role: "agent" });
    await world.deps.db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(visitorSide.invitation.describe({ token: tokenOf(expired.link) })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "this invitation has expired; ask your admin for a new one",
    });
    const revoked = await admin.admin.agents.invite({ email: `gone-${backend}@acme.test`, role: "admin" });
    await admin.admin.agents.revokeInvitation({ id: revoked.id });
    const users = await world.deps.db.user.count();
    await expect(visitorSide.invitation.accept({ token: tokenOf(revoked.link), name: "X", password: testPassword })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(visitorSide.invitation.accept({ token: "x".repeat(43), name: "X", password: testPassword })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await world.deps.db.user.count()).toBe(users);

    const invitations = await world.deps.db.invitation.count();
    await expect(admin.admin.agents.invite({ email: tenant.admin.email, role: "agent" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "someone with this email already has an account",
    });
    await expect(admin.admin.agents.invite({ email: "not-an-email", role: "agent" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "email: email is not valid",
    });
    await expect(admin.admin.agents.invite({ email: "a@b.test", role: "owner" as never })).rejects.toMatchObject({
      message: "role: role must be admin or agent",
    });
    expect(await world.deps.db.invitation.count()).toBe(invitations);
  });

  it("lists agents and changes role, capacity and teams; bad values and self-demotion change nothing", async () => {
    const ann = await newAgent("Ann");
    const { id: teamId } = await admin.admin.teams.create({ name: "Billing" });
    await admin.admin.agents.update({ userId: ann.id, role: "admin", maxConcurrentChats: 8, teamIds: [teamId] });
    expect((await admin.admin.agents.list()).find((a) => a.id === ann.id)).toMatchObject({
      role: "admin",
      maxConcurrentChats: 8,
      teamIds: [teamId],
      deactivatedAt: null,
    });
    await admin.admin.agents.update({ userId: ann.id, teamIds: [] });
    expect((await admin.admin.teams.list()).find((t) => t.id === teamId)!.memberIds).toEqual([]);

    const audits = await world.deps.db.auditLog.count();
    await expect(admin.admin.agents.update({ userId: ann.id, maxConcurrentChats: 1000 })).rejects.toMatchObject({
      message: "maxConcurrentChats: max concurrent chats is at most 100",
    });
    await expect(admin.admin.agents.update({ userId: ann.id, teamIds: ["no-team"] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "team not found",
    });
    await expect(admin.admin.agents.update({ userId: tenant.admin.id, role: "agent" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "you cannot change your own role",
    });
    await expect(admin.admin.agents.deactivate({ userId: tenant.admin.id })).rejects.toMatchObject({
      message: "you cannot deactivate yourself",
    });
    expect(await world.deps.db.auditLog.count()).toBe(audits);
    expect((await admin.admin.agents.list()).find((a) => a.id === ann.id)).toMatchObject({ role: "admin", maxConcurrentChats: 8 });
  });

  it("deactivation ends the agent's session, refuses new logins and re-routes their open chats to a free teammate", async () => {
    const leaving = await newAgent("Leaving");
    const staying = await newAgent("Staying");
    const { id: teamId } = await admin.admin.teams.create({ name: "Night shift" });
    await admin.admin.teams.setMembers({ id: teamId, userIds: [leaving.id, staying.id] });
    const login = await callerFor(world.deps);
    await login.caller.auth.login({ email: leaving.email, password: testPassword });
    const cookie = login.setCookies[0]!.split(";")[0]!;

    const visitor = await tenant.visitor();
    const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "help" });
    const conversation = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } });
    const assigned = await assignConversation(world.deps, {
      organizationId: tenant.organization.id,
      conversationId: conversation.id,
      expectedVersion: conversation.version,
      agentId: leaving.id,
      teamId,
      actorId: null,
    });
    expect(assigned.assigned).toBe(true);
    await world.deps.presence.set(tenant.organization.id, staying.id, "online", 60_000);

    expect(await admin.admin.agents.deactivate({ userId: leaving.id })).toEqual({ requeued: 1 });
    expect(await world.deps.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({
      state: "assigned",
      assigneeId: staying.id,
    });
    // The next request with the old session cookie is no longer signed in.
    await expect((await callerFor(world.deps, { cookie })).caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(agentCallerFor(world.deps, leaving.email, testPassword)).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "Invalid email or password",
    });
    await expect(admin.admin.agents.deactivate({ userId: leaving.id })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await admin.admin.audit.list({ action: "agent.deactivate" }))[0]).toMatchObject({
      targetId: leaving.id,
      details: { requeued: 1 },
    });

    await admin.admin.agents.reactivate({ userId: leaving.id });
    expect(await (await agentCallerFor(world.deps, leaving.email, testPassword)).auth.me()).toMatchObject({ userId: leaving.id });
  });

  it("an agent gets FORBIDDEN; another organization's admin gets NOT_FOUND; nothing changes", async () => {
    const ann = await newAgent("Plain");
    const plain = await agentCallerFor(world.deps, ann.email, testPassword);
    const forbidden = { code: "FORBIDDEN", message: "admin role required" };
    await expect(plain.admin.agents.list()).rejects.toMatchObject(forbidden);
    await expect(plain.admin.agents.invite({ email: "x@acme.test", role: "admin" })).rejects.toMatchObject(forbidden);
    await expect(plain.admin.agents.update({ userId: ann.id, role: "admin" })).rejects.toMatchObject(forbidden);
    await expect(plain.admin.agents.deactivate({ userId: tenant.admin.id })).rejects.toMatchObject(forbidden);
    await expect(plain.admin.agents.invitations()).rejects.toMatchObject(forbidden);

    const invitation = await admin.admin.agents.invite({ email: `private-${backend}@acme.test`, role: "agent" });
    const notFound = { code: "NOT_FOUND" };
    await expect(other.admin.agents.update({ userId: ann.id, role: "admin" })).rejects.toMatchObject(notFound);
    await expect(other.admin.agents.deactivate({ userId: ann.id })).rejects.toMatchObject(notFound);
    await expect(other.admin.agents.reactivate({ userId: ann.id })).rejects.toMatchObject(notFound);
    await expect(other.admin.agents.revokeInvitation({ id: invitation.id })).rejects.toMatchObject(notFound);
    expect((await other.admin.agents.list()).map((a) => a.id)).not.toContain(ann.id);
    expect((await other.admin.agents.invitations()).map((i) => i.id)).not.toContain(invitation.id);
    expect(await world.deps.db.user.findUniqueOrThrow({ where: { id: ann.id } })).toMatchObject({ role: "agent", deactivatedAt: null });
  });
});

import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { createTrpcHttpHandler } from "../../server/trpc/http-handler.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("API tokens and the audit log on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCallerFor>>;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    server = createServer(createTrpcHttpHandler(world.deps));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  it("creates a token shown once, lists it without the secret, and records both in the audit log", async () => {
    const created = await admin.admin.tokens.create({ name: "CRM sync", scopes: ["read", "write"] });
    expect(created.token).toMatch(/^prl_[\w-]{43}$/);
    const listed = await admin.admin.tokens.list();
    const row = listed.find((token) => token.id === created.id)!;
    expect(row).toMatchObject({ name: "CRM sync", prefix: created.token.slice(0, 12), scopes: ["read", "write"], revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const audit = await admin.admin.audit.list({ action: "token." });
    expect(audit[0]).toMatchObject({
      action: "token.create",
      targetId: created.id,
      actorId: tenant.admin.id,
      details: { name: "CRM sync" },
    });
  });

  it("works over plain HTTP with a bearer token, as the README's curl example does", async () => {
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "from the API test" });
    const { token } = await admin.admin.tokens.create({ name: "reader", scopes: ["read"] });
    const input = encodeURIComponent(JSON.stringify({ view: "all" }));
    const response = await fetch(`${baseUrl}/agent.conversations.list?input=${input}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: { lastMessagePreview: string }[] } };
    expect(body.result.data.map((row) => row.lastMessagePreview)).toContain("from the API test");

    const refused = await fetch(`${baseUrl}/agent.send`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ conversationId: "x", clientMsgId: clientMsgId(), body: "no" }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('this API token lacks the "write" scope');
  });

  it("enforces scopes: admin procedures need the admin scope and an admin creator", async () => {
    const plain = await admin.admin.tokens.create({ name: "no admin", scopes: ["read", "write"] });
    const asPlain = (await callerFor(world.deps, { apiToken: plain.token })).caller;
    await expect(asPlain.admin.audit.list({})).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: 'this API token lacks the "admin" scope',
    });
    const full = await admin.admin.tokens.create({ name: "automation", scopes: ["read", "write", "admin"] });
    const asFull = (await callerFor(world.deps, { apiToken: full.token })).caller;
    expect((await asFull.admin.audit.list({ limit: 1 })).length).toBe(1);

    // A token made by a plain agent never gets admin powers, whatever its scopes say.
    const agentUser = await world.deps.db.user.create({
      data: {
        organizationId: tenant.organization.id,
        email: `agent-${Date.now()}@acme.test`,
        name: "Agent",
        passwordHash: await hashPassword(testPassword),
      },
    });
    const raw = `prl_${"a".repeat(43)}`;
    await world.deps.db.apiToken.create({
      data: {
        organizationId: tenant.organization.id,
        name: "made by an agent",
        prefix: raw.slice(0, 12),
        tokenHash: createHash("sha256").update(raw).digest("hex"),
        scopes: ["read", "write", "admin"],
        createdById: agentUser.id,
      },
    });
    const asAgentToken = (await callerFor(world.deps, { apiToken: raw })).caller;
    await expect(asAgentToken.admin.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN", message: "admin role required" });
    const asAgent = await agentCallerFor(world.deps, agentUser.email, testPassword);
    await expect(asAgent.admin.tokens.create({ name: "x", scopes: ["admin"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "admin role required",
    });
  });

  it("refuses revoked, unknown and malformed tokens, and bad input, storing nothing", async () => {
    const { id, token } = await admin.admin.tokens.create({ name: "short-lived", scopes: ["read"] });
    await admin.admin.tokens.revoke({ id });
    await expect(admin.admin.tokens.revoke({ id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "token not found or already revoked",
    });
    for (const bad of [token, "prl_unknown", `prl_${"x".repeat(200)}`]) {
      const caller = (await callerFor(world.deps, { apiToken: bad })).caller;
      await expect(caller.agent.conversations.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "agent login required" });
    }
    const before = await world.deps.db.apiToken.count();
    await expect(admin.admin.tokens.create({ name: "  ", scopes: ["read"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "name: name is required",
    });
    await expect(admin.admin.tokens.create({ name: "x", scopes: [] })).rejects.toMatchObject({
      message: "scopes: pick at least one scope",
    });
    await expect(admin.admin.tokens.create({ name: "x", scopes: ["root" as never] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await world.deps.db.apiToken.count()).toBe(before);
  });

  it("keeps organizations apart: another admin cannot see or revoke these tokens or audit lines", async () => {
    const { id } = await admin.admin.tokens.create({ name: "acme only", scopes: ["read"] });
    const globex = await createTenant(world.deps, "Globex");
    const other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
    expect((await other.admin.tokens.list()).map((token) => token.id)).not.toContain(id);
    await expect(other.admin.tokens.revoke({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await other.admin.audit.list({})).every((line) => line.organizationId === globex.organization.id)).toBe(true);
  });
});

import { embedSnippet } from "../../server/contracts/snippet.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** Organization, teams, sites and routing rules through the admin procedures, as the dashboard calls them. */
describe.each(backends())("admin settings on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCallerFor>>;
  let agent: Awaited<ReturnType<typeof agentCallerFor>>;
  let agentId: string;
  let other: Awaited<ReturnType<typeof agentCallerFor>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const user = await world.deps.db.user.create({
      data: {
        organizationId: tenant.organization.id,
        email: `agent-${backend}@acme.test`,
        name: "Ann Agent",
        passwordHash: await hashPassword(testPassword),
      },
    });
    agentId = user.id;
    agent = await agentCallerFor(world.deps, user.email, testPassword);
    const globex = await createTenant(world.deps, "Globex");
    other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
  });
  afterAll(() => world?.close());

  const auditCount = () => world.deps.db.auditLog.count();

  it("organization: reads and updates name, language and time zone, audited; bad values change nothing", async () => {
    expect(await admin.admin.organization.get()).toMatchObject({ name: "Acme", defaultLanguage: "en", timezone: "UTC" });
    await admin.admin.organization.update({ name: "Acme Ltd", defaultLanguage: "zh-CN", timezone: "Asia/Shanghai" });
    expect(await admin.admin.organization.get()).toMatchObject({ name: "Acme Ltd", defaultLanguage: "zh-CN", timezone: "Asia/Shanghai" });
    expect((await admin.admin.audit.list({ action: "organization." }))[0]).toMatchObject({
      action: "organization.update",
      actorId: tenant.admin.id,
    });
    const audits = await auditCount();
    await expect(admin.admin.organization.update({ timezone: "Mars/Olympus" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "timezone: unknown time zone",
    });
    await expect(admin.admin.organization.update({ name: " " })).rejects.toMatchObject({ message: "name: name is required" });
    await expect(admin.admin.organization.update({ defaultLanguage: "fr" as never })).rejects.toMatchObject({
      message: "defaultLanguage: language must be en or zh-CN",
    });
    expect(await admin.admin.organization.get()).toMatchObject({ name: "Acme Ltd", timezone: "Asia/Shanghai" });
    expect(await auditCount()).toBe(audits);
  });

  it("teams: create, rename, strategy, members, business hours; bad input stores nothing", async () => {
    const { id } = await admin.admin.teams.create({ name: "Sales" });
    await admin.admin.teams.update({ id, name: "Sales EU", strategy: "least_busy" });
    await admin.admin.teams.setMembers({ id, userIds: [agentId, agentId] });
    const hours = { timezone: "Europe/Berlin", weekly: [{ day: "mon" as const, open: "09:00", close: "17:00" }], holidays: ["2026-12-25"] };
    await admin.admin.teams.update({ id, businessHours: hours });
    const team = (await admin.admin.teams.list()).find((t) => t.id === id)!;
    expect(team).toMatchObject({ name: "Sales EU", strategy: "least_busy", memberIds: [agentId], businessHours: hours });

    const before = { teams: await world.deps.db.team.count(), audits: await auditCount() };
    await expect(admin.admin.teams.create({ name: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "name: name is required" });
    await expect(admin.admin.teams.create({ name: "x", strategy: "random" as never })).rejects.toMatchObject({
      message: "strategy: strategy must be round_robin or least_busy",
    });
    await expect(admin.admin.teams.update({ id, businessHours: { ...hours, timezone: "Nowhere/City" } })).rejects.toMatchObject({
      message: "businessHours.timezone: unknown time zone",
    });
    await expect(
      admin.admin.teams.update({ id, businessHours: { ...hours, weekly: [{ day: "mon", open: "9am", close: "17:00" }] } }),
    ).rejects.toMatchObject({ message: "businessHours.weekly.0.open: time must be HH:MM" });
    await expect(admin.admin.teams.update({ id, businessHours: { ...hours, holidays: ["25/12/2026"] } })).rejects.toMatchObject({
      message: "businessHours.holidays.0: holiday must be YYYY-MM-DD",
    });
    await expect(admin.admin.teams.setMembers({ id, userIds: ["nobody"] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "agent not found",
    });
    expect({ teams: await world.deps.db.team.count(), audits: await auditCount() }).toEqual(before);
    expect((await admin.admin.teams.list()).find((t) => t.id === id)).toMatchObject({ memberIds: [agentId], businessHours: hours });

    await admin.admin.teams.update({ id, businessHours: null });
    expect((await admin.admin.teams.list()).find((t) => t.id === id)!.businessHours).toBeNull();
  });

  it("sites: create gives a key and the snippet; origins are normalized; default team, auto-assign, queue length", async () => {
    const { id: teamId } = await admin.admin.teams.create({ name: "Support" });
    const site = await admin.admin.sites.create({
      name: "Docs",
      allowedOrigins: ["https://Docs.Example.com/", "https://docs.example.com"],
    });
    expect(site.siteKey).toMatch(/^[\w-]{20}$/);
    expect(site.allowedOrigins).toEqual(["https://docs.example.com"]);
    expect(site.snippet).toBe(embedSnippet("http://app.test", site.siteKey));
    expect(site.snippet).toContain("window.Parley=window.Parley||");
    const updated = await admin.admin.sites.update({ id: site.id, defaultTeamId: teamId, autoAssign: false, maxQueueLength: 5 });
    expect(updated).toMatchObject({ defaultTeamId: teamId, autoAssign: false, maxQueueLength: 5 });

    const before = { sites: await world.deps.db.site.count(), audits: await auditCount() };
    await expect(admin.admin.sites.create({ name: "Bad", allowedOrigins: ["ftp://files.example"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message:
        'allowedOrigins: "ftp://files.example" is not a website address; write it as it appears in the browser, starting with https:// (for example https://www.shop.com)',
    });
    // What a site owner copies from the address bar gets a suggestion in plain words, and nothing is stored.
    await expect(admin.admin.sites.create({ name: "Shop", allowedOrigins: ["www.shop.com"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'allowedOrigins: "www.shop.com" needs to start with https:// — did you mean https://www.shop.com?',
    });
    await expect(admin.admin.sites.create({ name: "  " })).rejects.toMatchObject({ message: "name: name is required" });
    await expect(admin.admin.sites.update({ id: site.id, maxQueueLength: -1 })).rejects.toMatchObject({
      message: "maxQueueLength: max queue length must be 0 or more",
    });
    await expect(admin.admin.sites.update({ id: site.id, defaultTeamId: "no-such-team" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "team not found",
    });
    expect({ sites: await world.deps.db.site.count(), audits: await auditCount() }).toEqual(before);
    expect((await admin.admin.sites.list()).find((s) => s.id === site.id)).toMatchObject({ defaultTeamId: teamId, maxQueueLength: 5 });

    // Deleting the team clears it as the site's default.
    await admin.admin.teams.delete({ id: teamId });
    expect((await admin.admin.sites.list()).find((s) => s.id === site.id)!.defaultTeamId).toBeNull();
  });

  it("routing rules: add in order, edit, reorder, delete; conditions are validated", async () => {
    const { id: sales } = await admin.admin.teams.create({ name: "Sales" });
    const { id: support } = await admin.admin.teams.create({ name: "Support" });
    const siteId = tenant.site.id;
    const first = await admin.admin.routing.create({
      siteId,
      teamId: sales,
      conditions: [{ field: "pageUrl", op: "glob", value: "/pricing*" }],
    });
    const second = await admin.admin.routing.create({
      siteId,
      teamId: support,
      conditions: [{ field: "language", op: "is", value: "zh" }],
    });
    expect((await admin.admin.routing.list({ siteId })).map((r) => r.id)).toEqual([first.id, second.id]);
    await admin.admin.routing.update({ id: second.id, teamId: sales, conditions: [{ field: "country", op: "is", value: "CN" }] });
    await admin.admin.routing.reorder({ siteId, ruleIds: [second.id, first.id] });
    const rules = await admin.admin.routing.list({ siteId });
    expect(rules.map((r) => [r.id, r.teamId, r.conditions])).toEqual([
      [second.id, sales, [{ field: "country", op: "is", value: "CN" }]],
      [first.id, sales, [{ field: "pageUrl", op: "glob", value: "/pricing*" }]],
    ]);

    const before = { rules: await world.deps.db.routingRule.count(), audits: await auditCount() };
    await expect(
      admin.admin.routing.create({ siteId, teamId: sales, conditions: [{ field: "country", op: "is", value: "China" }] }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^conditions\.0\.value: /),
    });
    await expect(admin.admin.routing.create({ siteId, teamId: sales, conditions: [{ field: "weather" } as never] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.admin.routing.create({ siteId, teamId: "no-team", conditions: [] })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "team not found",
    });
    await expect(admin.admin.routing.reorder({ siteId, ruleIds: [first.id] })).rejects.toMatchObject({
      message: "ruleIds must list every rule of the site exactly once",
    });
    await expect(admin.admin.routing.reorder({ siteId, ruleIds: [first.id, first.id] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect({ rules: await world.deps.db.routingRule.count(), audits: await auditCount() }).toEqual(before);
    expect((await admin.admin.routing.list({ siteId })).map((r) => r.id)).toEqual([second.id, first.id]);

    await admin.admin.routing.delete({ id: second.id });
    expect((await admin.admin.routing.list({ siteId })).map((r) => r.id)).toEqual([first.id]);
    expect((await admin.admin.audit.list({ action: "routing_rule." })).map((line) => line.action)).toContain("routing_rule.reorder");
  });

  it("an agent gets FORBIDDEN on every settings procedure, and nothing changes", async () => {
    const before = { teams: await world.deps.db.team.count(), sites: await world.deps.db.site.count() };
    const forbidden = { code: "FORBIDDEN", message: "admin role required" };
    await expect(agent.admin.organization.get()).rejects.toMatchObject(forbidden);
    await expect(agent.admin.organization.update({ name: "Mine" })).rejects.toMatchObject(forbidden);
    await expect(agent.admin.teams.list()).rejects.toMatchObject(forbidden);
    await expect(agent.admin.teams.create({ name: "Mine" })).rejects.toMatchObject(forbidden);
    await expect(agent.admin.sites.list()).rejects.toMatchObject(forbidden);
    await expect(agent.admin.sites.create({ name: "Mine" })).rejects.toMatchObject(forbidden);
    await expect(agent.admin.routing.list({ siteId: tenant.site.id })).rejects.toMatchObject(forbidden);
    const anonymous = (await callerFor(world.deps)).caller;
    await expect(anonymous.admin.teams.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect({ teams: await world.deps.db.team.count(), sites: await world.deps.db.site.count() }).toEqual(before);
  });

  it("another organization's admin gets NOT_FOUND for these ids, and changes nothing", async () => {
    const { id: teamId } = await admin.admin.teams.create({ name: "Private" });
    const rule = await admin.admin.routing.create({ siteId: tenant.site.id, teamId, conditions: [] });
    const siteId = tenant.site.id;
    const notFound = { code: "NOT_FOUND" };
    await expect(other.admin.teams.update({ id: teamId, name: "Stolen" })).rejects.toMatchObject(notFound);
    await expect(other.admin.teams.setMembers({ id: teamId, userIds: [] })).rejects.toMatchObject(notFound);
    await expect(other.admin.teams.delete({ id: teamId })).rejects.toMatchObject(notFound);
    await expect(other.admin.sites.update({ id: siteId, name: "Stolen" })).rejects.toMatchObject(notFound);
    await expect(other.admin.routing.list({ siteId })).rejects.toMatchObject(notFound);
    await expect(other.admin.routing.create({ siteId, teamId, conditions: [] })).rejects.toMatchObject(notFound);
    await expect(other.admin.routing.update({ id: rule.id, teamId, conditions: [] })).rejects.toMatchObject(notFound);
    await expect(other.admin.routing.reorder({ siteId, ruleIds: [rule.id] })).rejects.toMatchObject(notFound);
    await expect(other.admin.routing.delete({ id: rule.id })).rejects.toMatchObject(notFound);
    expect((await other.admin.teams.list()).map((t) => t.id)).not.toContain(teamId);
    expect((await other.admin.sites.list()).map((s) => s.id)).not.toContain(siteId);
    expect((await admin.admin.teams.list()).find((t) => t.id === teamId)!.name).toBe("Private");
    expect((await admin.admin.routing.list({ siteId })).map((r) => r.id)).toContain(rule.id);
  });
});

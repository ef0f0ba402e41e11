import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const minutes = (n: number) => n * 60_000;

describe.each(backends())("reports on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCallerFor>>;
  let bo: { id: string };
  const start = new Date("2026-11-02T09:00:00Z"); // a Monday

  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    bo = await world.deps.db.user.create({
      data: {
        organizationId: tenant.organization.id,
        email: `bo-${Date.now()}@acme.test`,
        name: "Bo",
        passwordHash: await hashPassword(testPassword),
      },
    });
    // A known data set: first responses after 1..10 minutes, resolutions after 10..100 minutes, two missed chats.
    const seeds = Array.from({ length: 10 }, (_, i) => ({
      createdAt: new Date(start.getTime() + i * 24 * 60 * 60_000),
      firstResponseAt: new Date(start.getTime() + i * 24 * 60 * 60_000 + minutes(i + 1)),
      resolvedAt: new Date(start.getTime() + i * 24 * 60 * 60_000 + minutes((i + 1) * 10)),
      state: "resolved" as const,
      assigneeId: i < 6 ? tenant.admin.id : bo.id,
    }));
    seeds.push(
      {
        createdAt: new Date(start.getTime() + minutes(5)),
        firstResponseAt: null as never,
        resolvedAt: new Date(start.getTime() + minutes(30)),
        state: "resolved",
        assigneeId: null as never,
      },
      {
        createdAt: new Date(start.getTime() + minutes(7)),
        firstResponseAt: null as never,
        resolvedAt: null as never,
        state: "queued" as never,
        assigneeId: null as never,
      },
    );
    for (const seed of seeds) {
      const visitor = await tenant.visitor();
      await world.deps.db.conversation.create({
        data: { organizationId: tenant.organization.id, siteId: tenant.site.id, visitorId: visitor.visitorId, ...seed },
      });
    }
  });
  afterAll(() => world?.close());

  const range = { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" };

  it("shows exactly the figures of the seeded data", async () => {
    const report = await admin.admin.reports.conversations({ ...range, timezone: "UTC" });
    expect(report.volume.total).toBe(12);
    // Every day of November, quiet days as zeros, in order; the busy ones as seeded.
    expect(report.volume.perDay).toHaveLength(30);
    expect(report.volume.perDay[0]).toEqual({ date: "2026-11-01", count: 0 });
    expect(report.volume.perDay[1]).toEqual({ date: "2026-11-02", count: 3 });
    expect(report.volume.perDay.at(-1)).toEqual({ date: "2026-11-30", count: 0 });
    expect(report.volume.perDay.filter((day) => day.count > 0)).toHaveLength(10);
    expect(report.firstResponseSeconds).toEqual({ count: 10, median: 300, p90: 540 });
    expect(report.resolutionSeconds).toEqual({ count: 11, median: 3000, p90: 5400 });
    expect(report.missed).toBe(2);
    expect(report.perAgent.map((agent) => [agent.name, agent.conversations, agent.resolved, agent.firstResponse.median])).toEqual([
      ["Acme Admin", 6, 6, 180],
      ["Bo", 4, 4, 480],
    ]);
    // Mondays at 09:00 UTC: three on Nov 2, one on Nov 9; Tuesdays: Nov 3 and Nov 10.
    expect(report.heatmap[1]![9]).toBe(4);
    expect(report.heatmap[2]![9]).toBe(2);
    expect(report.heatmap.flat().reduce((a, b) => a + b, 0)).toBe(12);
  });

  it("counts days and hours in the requested time zone", async () => {
    const report = await admin.admin.reports.conversations({ ...range, timezone: "Asia/Shanghai" });
    // 09:00 UTC is 17:00 in Shanghai.
    expect(report.heatmap[1]![17]).toBe(4);
  });

  it("filters by agent, and exports CSV with formulas defused", async () => {
    const mine = await admin.admin.reports.conversations({ ...range, agentId: bo.id });
    expect(mine.volume.total).toBe(4);
    await world.deps.db.user.update({ where: { id: bo.id }, data: { name: '=HYPERLINK("x")' } });
    const csv = await admin.admin.reports.conversationsCsv({ ...range, agentId: bo.id });
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("conversation_id,created_at,site_id,team_id,assignee,state,first_response_seconds,resolution_seconds");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")",resolved,420,4200`);
  });

  it("refuses bad ranges and unknown time zones with a clear message", async () => {
    await expect(admin.admin.reports.conversations({ from: range.to, to: range.from })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "the end of the range must be after its start",
    });
    await expect(admin.admin.reports.conversations({ from: "2020-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })).rejects.toMatchObject({
      message: "pick a range of at most 366 days",
    });
    await expect(admin.admin.reports.conversations({ ...range, timezone: "Nowhere/City" })).rejects.toMatchObject({
      message: "timezone: unknown time zone",
    });
    await expect(admin.admin.reports.conversations({ ...range, from: "yesterday" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^from: /),
    });
  });

  it("never counts another organization's conversations", async () => {
    const globex = await createTenant(world.deps, "Globex");
    const other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
    expect((await other.admin.reports.conversations(range)).volume.total).toBe(0);
    expect((await other.admin.reports.conversations({ ...range, agentId: bo.id })).volume.total).toBe(0);
  });
});

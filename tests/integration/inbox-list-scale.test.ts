import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listConversations } from "../../server/domain/conversations/list-conversations.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

// Issue #13, defect 13: the inbox list with thousands of open conversations must not bind one parameter per row
// (SQLite refused it with "query parameter limit exceeded" at 1,000).

const open = 5000;

describe.each(backends())("the inbox list with %i open conversations on %s".replace("%i", String(open)), (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let labelId: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    const { db } = world.deps;
    tenant = await createTenant(world.deps, "Busy");
    const organizationId = tenant.organization.id;
    labelId = (await db.label.create({ data: { organizationId, name: "VIP", color: "#ff0000" } })).id;
    const start = Date.UTC(2026, 0, 1);
    // In batches of 200 rows (the seeding, unlike the list, may bind per row).
    for (let from = 0; from < open; from += 200) {
      const batch = Array.from({ length: Math.min(200, open - from) }, (_, k) => from + k);
      const visitors = batch.map((i) => ({
        id: `v${randomBytes(8).toString("hex")}${i}`.slice(0, 30),
        organizationId,
        siteId: tenant.site.id,
        deviceId: `device-${i}-${randomBytes(4).toString("hex")}`,
        name: `Visitor ${i}`,
        country: "DE",
      }));
      await db.visitor.createMany({ data: visitors });
      const conversations = batch.map((i, k) => ({
        id: `c${randomBytes(8).toString("hex")}${i}`.slice(0, 30),
        organizationId,
        siteId: tenant.site.id,
        visitorId: visitors[k]!.id,
        state: "queued" as const,
        lastMessageAt: new Date(start + i * 1000),
        lastMessagePreview: `message ${i}`,
        lastSeq: 1,
      }));
      await db.conversation.createMany({ data: conversations });
      await db.conversationLabel.createMany({
        data: conversations.filter((_, k) => k % 10 === 0).map((row) => ({ organizationId, conversationId: row.id, labelId })),
      });
    }
  }, 300_000);
  afterAll(() => world?.close());

  it("lists the newest 1,000 with their visitors and labels, and the oldest first when asked", async () => {
    const newest = await listConversations(world.deps, tenant.agent, {
      view: "all",
      states: ["queued", "assigned", "pending"],
      limit: 1000,
    });
    expect(newest).toHaveLength(1000);
    expect(newest[0]).toMatchObject({ visitorName: `Visitor ${open - 1}`, country: "DE", lastMessagePreview: `message ${open - 1}` });
    expect(newest.at(-1)).toMatchObject({ visitorName: `Visitor ${open - 1000}` });
    expect(newest.filter((row) => row.labelIds.includes(labelId))).toHaveLength(100);
    expect(newest.every((row, i) => row.visitorName === `Visitor ${open - 1 - i}`)).toBe(true);

    const oldest = await listConversations(world.deps, tenant.agent, {
      view: "unassigned",
      states: ["queued"],
      limit: 1000,
      sort: "oldest",
    });
    expect(oldest.map((row) => row.visitorName).slice(0, 3)).toEqual(["Visitor 0", "Visitor 1", "Visitor 2"]);
    expect(oldest).toHaveLength(1000);
    expect(oldest[0]!.labelIds).toEqual([labelId]);

    const labelled = await listConversations(world.deps, tenant.agent, { view: "all", states: ["queued"], limit: 1000, labelId });
    expect(labelled).toHaveLength(500);
  }, 120_000);
});

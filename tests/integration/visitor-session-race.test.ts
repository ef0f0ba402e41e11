import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openVisitorSession } from "../../server/domain/sites/open-visitor-session.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("a device's first sessions at once on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(async () => {
    await world?.close();
  });

  // Two tabs opened together, or a client that asks for a token right after creating itself: on MySQL both upserts
  // tried to create the row and one failed with an internal error.
  it("all succeed and name one visitor", async () => {
    const tenant = await createTenant(world.deps);
    const deviceId = `race-${Date.now()}-device-0123456789`;
    const open = () =>
      openVisitorSession(world.deps, {
        siteKey: tenant.site.siteKey,
        deviceId,
        origin: "https://shop.example",
        requestHost: "app.test",
        userAgent: "vitest",
        ip: "127.0.0.1",
      });
    const sessions = await Promise.all(Array.from({ length: 8 }, open));
    expect(new Set(sessions.map((session) => session.visitorId)).size).toBe(1);
    expect(await world.deps.db.visitor.count({ where: { siteId: tenant.site.id, deviceId } })).toBe(1);
  });
});

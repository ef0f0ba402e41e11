import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** The audit log names its actor, its target and the ids in its details, within the organization only. */
describe.each(backends())("audit names on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("shows who changed which site and which team it now sends to, by name", async () => {
    const tenant = await createTenant(world.deps);
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const { id: teamId } = await admin.admin.teams.create({ name: "Sales" });
    await admin.admin.sites.update({ id: tenant.site.id, defaultTeamId: teamId });
    const [line] = await admin.admin.audit.list({ action: "site.update" });
    expect(line).toMatchObject({ actorId: tenant.admin.id, targetId: tenant.site.id, details: { defaultTeamId: teamId } });
    expect(line!.names).toEqual({ [tenant.admin.id]: tenant.admin.name, [tenant.site.id]: tenant.site.name, [teamId]: "Sales" });

    // Another organization's admin sees its own log only, and never these names.
    const globex = await createTenant(world.deps, "Globex");
    const other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
    const theirs = await other.admin.audit.list({});
    expect(JSON.stringify(theirs)).not.toContain("Sales");
  });
});

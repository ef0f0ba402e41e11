import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** Each person's language for the inbox and dashboard, stored on the user, defaulting to the organization's. */
describe.each(backends())("language preference on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let acme: Awaited<ReturnType<typeof agentCallerFor>>;
  let globex: Awaited<ReturnType<typeof agentCallerFor>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    const tenant = await createTenant(world.deps);
    acme = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const other = await createTenant(world.deps, "Globex");
    globex = await agentCallerFor(world.deps, other.admin.email, testPassword);
  });
  afterAll(() => world?.close());

  it("follows the organization until the person picks, and back to it with null", async () => {
    expect(await acme.agent.preferences.get()).toEqual({ language: null, organizationLanguage: "en" });
    await acme.admin.organization.update({ defaultLanguage: "zh-CN" });
    expect(await acme.agent.preferences.get()).toEqual({ language: null, organizationLanguage: "zh-CN" });
    expect(await acme.agent.preferences.setLanguage({ language: "en" })).toEqual({ language: "en", organizationLanguage: "zh-CN" });
    expect(await acme.agent.preferences.get()).toMatchObject({ language: "en" });
    // Another person's choice is theirs alone.
    expect(await globex.agent.preferences.get()).toEqual({ language: null, organizationLanguage: "en" });
    await acme.agent.preferences.setLanguage({ language: null });
    expect(await acme.agent.preferences.get()).toMatchObject({ language: null });
  });

  it("refuses a language we do not have, and changes nothing", async () => {
    await acme.agent.preferences.setLanguage({ language: "zh-CN" });
    await expect(acme.agent.preferences.setLanguage({ language: "fr" as never })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "language: language must be en or zh-CN",
    });
    expect(await acme.agent.preferences.get()).toMatchObject({ language: "zh-CN" });
  });
});

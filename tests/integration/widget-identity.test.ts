import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityHash } from "../../server/domain/widget/identify-visitor.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const secret = "site-identity-secret-for-tests";

describe.each(backends())("identify and attributes from the widget SDK on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { identitySecret: secret } });
  });
  afterAll(() => world?.close());

  async function asVisitor() {
    const visitor = await tenant.visitor();
    return { visitor, caller: (await callerFor(world.deps, { visitorToken: visitor.token })).caller };
  }
  const stored = (visitorId: string) => world.deps.db.visitor.findUniqueOrThrow({ where: { id: visitorId } });

  it("marks a visitor verified only when the hash is the site's HMAC of the id", async () => {
    const good = await asVisitor();
    await expect(good.caller.visitor.identify({ id: "user-42", name: "Ada", email: "ada@shop.example", hash: identityHash(secret, "user-42") })).resolves.toEqual({ verified: true });
    expect(await stored(good.visitor.visitorId)).toMatchObject({ externalId: "user-42", name: "Ada", email: "ada@shop.example", identityVerified: true });

    const forged = await asVisitor();
    await expect(forged.caller.visitor.identify({ id: "user-42", name: "Mallory", hash: identityHash("guessed", "user-42") })).resolves.toEqual({ verified: false });
    expect(await stored(forged.visitor.visitorId)).toMatchObject({ externalId: "user-42", name: "Mallory", identityVerified: false });

    const unsigned = await asVisitor();
    await expect(unsigned.caller.visitor.identify({ id: "user-7" })).resolves.toEqual({ verified: false });
  });

  it("refuses malformed identities with a clear message and stores nothing", async () => {
    const { visitor, caller } = await asVisitor();
    await expect(caller.visitor.identify({ id: "" })).rejects.toThrow("id: id is empty");
    await expect(caller.visitor.identify({ id: "u", email: "not an email" })).rejects.toThrow(/^email: /);
    await expect(caller.visitor.identify({ id: "u", hash: "abc" })).rejects.toThrow("hash: hash must be a hex HMAC-SHA256");
    await expect(caller.visitor.identify({ id: "u", avatar: "javascript:alert(1)" })).rejects.toThrow(/^avatar: /);
    await expect(caller.visitor.identify({ id: "x".repeat(121) })).rejects.toThrow(/^id: /);
    expect(await stored(visitor.visitorId)).toMatchObject({ externalId: null, name: null, identityVerified: false });
  });

  it("merges attributes, and refuses bad names, long values and too many", async () => {
    const { visitor, caller } = await asVisitor();
    await expect(caller.visitor.setAttributes({ attributes: { plan: "pro", seats: 5 } })).resolves.toEqual({ count: 2 });
    await expect(caller.visitor.setAttributes({ attributes: { trial: false, plan: "team" } })).resolves.toEqual({ count: 3 });
    expect((await stored(visitor.visitorId)).attributes).toEqual({ plan: "team", seats: 5, trial: false });

    await expect(caller.visitor.setAttributes({ attributes: { "bad name": 1 } })).rejects.toThrow(/^attributes\.bad name: Invalid key/);
    await expect(caller.visitor.setAttributes({ attributes: { note: "x".repeat(501) } })).rejects.toThrow(/^attributes\.note: /);
    const many = Object.fromEntries(Array.from({ length: 48 }, (_, index) => [`k${index}`, index]));
    await expect(caller.visitor.setAttributes({ attributes: many })).rejects.toThrow("attributes: a visitor has at most 50 attributes");
    expect((await stored(visitor.visitorId)).attributes).toEqual({ plan: "team", seats: 5, trial: false });
  });

  it("needs a visitor token", async () => {
    const { caller } = await callerFor(world.deps);
    await expect(caller.visitor.identify({ id: "user-42" })).rejects.toThrow("visitor token required");
  });
});

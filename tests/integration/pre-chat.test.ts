import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const preChat = {
  enabled: true,
  fields: [
    { key: "name", label: "Your name", type: "name", required: true },
    { key: "email", label: "Email", type: "email", required: true },
    { key: "order", label: "Order number", type: "text", required: false },
    { key: "phone", label: "Phone", type: "phone", required: false },
  ],
};

describe.each(backends())("pre-chat questions on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("checks answers against the site's fields by name, keeps them on the visitor, and refuses when the site asks nothing", async () => {
    const tenant = await createTenant(world.deps);
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    await expect(caller.visitor.preChat({ answers: { name: "Ada" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "this site asks no pre-chat questions",
    });

    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: { preChat } } });
    const stored = () =>
      world.deps.db.visitor.findUniqueOrThrow({ where: { id: visitor.visitorId }, select: { name: true, email: true, attributes: true } });
    const before = await stored();
    for (const [answers, message] of [
      [{ email: "ada@example.com" }, "name: Your name is required"],
      [{ name: "Ada", email: "ada-at-example" }, "email: enter a valid email address"],
      [{ name: "Ada", email: "ada@example.com", phone: "call me" }, "phone: enter a valid phone number"],
      [{ name: "Ada", email: "ada@example.com", shoeSize: "38" }, "shoeSize: this site does not ask that"],
    ] as const) {
      await expect(caller.visitor.preChat({ answers })).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    }
    await expect(caller.visitor.preChat({ answers: { name: "x".repeat(501) } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await stored()).toEqual(before);

    await caller.visitor.preChat({
      answers: { name: " Ada Lovelace ", email: "ADA@example.com", order: "#1921", phone: "+44 20 7946 0000" },
    });
    expect(await stored()).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      attributes: { order: "#1921", phone: "+44 20 7946 0000" },
    });
  });
});

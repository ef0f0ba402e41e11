import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { backends } from "../support/test-database.ts";

const newEmail = () => `owner-${randomBytes(4).toString("hex")}@signup.test`;
/** Each test its own client address, so the per-IP sign-up limit only bites where a test means it to. */
const newIp = () => `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250)).join(".")}`;

describe.each(backends())("public sign-up on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());
  const open = () => ({ ...world.deps, publicSignup: true });
  const counts = async () => ({ organizations: await world.deps.db.organization.count(), users: await world.deps.db.user.count() });

  it("creates an organization with its first admin, logged in, and audits it", async () => {
    const email = newEmail();
    const session = await callerFor(open(), { ip: newIp() });
    expect(await session.caller.auth.signUpOpen()).toEqual({ open: true });
    const { agent } = await session.caller.auth.signUp({
      organizationName: "Kettle Co",
      name: "Ada",
      email,
      password: "a long enough password",
    });
    expect(agent).toMatchObject({ role: "admin", email, name: "Ada" });
    expect(session.setCookies[0]).toMatch(/^parley_session=/);
    const loggedIn = await callerFor(open(), { cookie: session.setCookies[0]!.split(";")[0] });
    expect(await loggedIn.caller.admin.organization.get()).toMatchObject({ name: "Kettle Co" });
    expect(await world.deps.db.auditLog.count({ where: { organizationId: agent.organizationId, action: "organization.create" } })).toBe(1);
  });

  it("refuses bad input by name and stores nothing", async () => {
    const before = await counts();
    const { caller } = await callerFor(open(), { ip: newIp() });
    const valid = { organizationName: "Shop", name: "Bo", email: newEmail(), password: "a long enough password" };
    await expect(caller.auth.signUp({ ...valid, password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("at least 10 characters"),
    });
    await expect(caller.auth.signUp({ ...valid, email: "not-an-email" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("valid email"),
    });
    await expect(caller.auth.signUp({ ...valid, organizationName: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("organization name is required"),
    });
    await expect(caller.auth.signUp({ ...valid, name: "x".repeat(121) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await counts()).toEqual(before);
  });

  it("an email that already has an account is a conflict, and nothing is created", async () => {
    const email = newEmail();
    const ip = newIp();
    await (await callerFor(open(), { ip })).caller.auth.signUp({
      organizationName: "First",
      name: "A",
      email,
      password: "a long enough password",
    });
    const before = await counts();
    await expect(
      (await callerFor(open(), { ip })).caller.auth.signUp({
        organizationName: "Second",
        name: "B",
        email: email.toUpperCase(),
        password: "another long password",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "an account with this email already exists; sign in instead" });
    expect(await counts()).toEqual(before);
  });

  it("is closed unless PUBLIC_SIGNUP allows it", async () => {
    const before = await counts();
    const { caller } = await callerFor(world.deps, { ip: newIp() });
    expect(await caller.auth.signUpOpen()).toEqual({ open: false });
    await expect(
      caller.auth.signUp({ organizationName: "Nope", name: "N", email: newEmail(), password: "a long enough password" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "sign-up is closed on this server; ask an admin for an invitation",
    });
    expect(await counts()).toEqual(before);
  });

  it("limits sign-ups per address, and logins per account and address", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      await (await callerFor(open(), { ip })).caller.auth.signUp({
        organizationName: `Org ${i}`,
        name: "A",
        email: newEmail(),
        password: "a long enough password",
      });
    }
    const before = await counts();
    await expect(
      (await callerFor(open(), { ip })).caller.auth.signUp({
        organizationName: "Sixth",
        name: "A",
        email: newEmail(),
        password: "a long enough password",
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/^too many attempts; try again in \d+ min$/) });
    expect(await counts()).toEqual(before);

    const email = newEmail();
    await (await callerFor(open(), { ip: newIp() })).caller.auth.signUp({
      organizationName: "Guarded",
      name: "G",
      email,
      password: "the right password",
    });
    const guesser = newIp();
    // Five failures in a row are free; then each next try waits (2 s, 4 s, … see tests/integration/login-limits.test.ts).
    for (let i = 0; i < 5; i++) {
      await expect(
        (await callerFor(world.deps, { ip: guesser })).caller.auth.login({ email, password: `guess ${i}` }),
      ).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    }
    await expect(
      (await callerFor(world.deps, { ip: guesser })).caller.auth.login({ email, password: "the right password" }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Someone else's address is not held back by the guesser.
    await expect(
      (await callerFor(world.deps, { ip: newIp() })).caller.auth.login({ email, password: "the right password" }),
    ).resolves.toMatchObject({ agent: { email } });
  });
});

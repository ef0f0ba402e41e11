import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityHash } from "../../server/domain/visitors/identify-visitor.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
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
    await expect(
      good.caller.visitor.identify({ id: "user-42", name: "Ada", email: "ada@shop.example", hash: identityHash(secret, "user-42") }),
    ).resolves.toMatchObject({ verified: true, switched: false });
    expect(await stored(good.visitor.visitorId)).toMatchObject({
      externalId: "user-42",
      name: "Ada",
      email: "ada@shop.example",
      identityVerified: true,
    });

    const forged = await asVisitor();
    await expect(
      forged.caller.visitor.identify({ id: "user-42", name: "Mallory", hash: identityHash("guessed", "user-42") }),
    ).resolves.toMatchObject({ verified: false });
    expect(await stored(forged.visitor.visitorId)).toMatchObject({ externalId: "user-42", name: "Mallory", identityVerified: false });

    const unsigned = await asVisitor();
    await expect(unsigned.caller.visitor.identify({ id: "user-7" })).resolves.toMatchObject({ verified: false });
  });

  /** An identity JWT as the site's server makes it (HS256 with the site's identity secret). */
  async function identityJwt(
    claims: { sub?: string; name?: string; email?: string },
    options: { key?: string; expiresIn?: string | number; alg?: string } = {},
  ) {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).setIssuedAt();
    if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn);
    return jwt.sign(new TextEncoder().encode(options.key ?? secret));
  }

  it("the HMAC signs only the id: name and email beside it are not marked verified, in the store or for agents", async () => {
    const { visitor, caller } = await asVisitor();
    await expect(
      caller.visitor.identify({ id: "user-50", name: "Ada", email: "ada@shop.example", hash: identityHash(secret, "user-50") }),
    ).resolves.toEqual({
      verified: true,
      nameVerified: false,
      emailVerified: false,
      switched: false,
    });
    expect(await stored(visitor.visitorId)).toMatchObject({ identityVerified: true, nameVerified: false, emailVerified: false });
    const agent = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    expect(await agent.agent.workspace.visitor({ visitorId: visitor.visitorId })).toMatchObject({
      name: "Ada",
      externalId: "user-50",
      identityVerified: true,
      nameVerified: false,
      emailVerified: false,
    });
  });

  it("an identity JWT verifies its sub, name and email; an expired, foreign, unsigned or exp-less one is refused and stores nothing", async () => {
    const { visitor, caller } = await asVisitor();
    for (const [jwt, message] of [
      [await identityJwt({ sub: "user-60" }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }), "jwt: the identity token has expired"],
      [
        await identityJwt({ sub: "user-60" }, { key: "another-site-secret", expiresIn: "5m" }),
        "jwt: the identity token is not signed with this site's identity secret",
      ],
      [
        await identityJwt({ sub: "user-60" }, { alg: "HS512", expiresIn: "5m" }),
        "jwt: the identity token is not signed with this site's identity secret",
      ],
      [await identityJwt({ sub: "user-60" }), 'jwt: missing required "exp" claim'],
      [
        `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"user-60","exp":9999999999}').toString("base64url")}.x`,
        "jwt: the identity token is not signed with this site's identity secret",
      ],
    ] as const) {
      await expect(caller.visitor.identify({ jwt }), message).rejects.toThrow(message);
    }
    await expect(caller.visitor.identify({ jwt: await identityJwt({ sub: "u" }, { expiresIn: "5m" }), name: "Mallory" })).rejects.toThrow(
      /^jwt: with a jwt/,
    );
    expect(await stored(visitor.visitorId)).toMatchObject({ externalId: null, identityVerified: false });

    const jwt = await identityJwt({ sub: "user-60", name: "Grace", email: "grace@shop.example" }, { expiresIn: "5m" });
    await expect(caller.visitor.identify({ jwt })).resolves.toEqual({
      verified: true,
      nameVerified: true,
      emailVerified: true,
      switched: false,
    });
    expect(await stored(visitor.visitorId)).toMatchObject({
      externalId: "user-60",
      name: "Grace",
      email: "grace@shop.example",
      identityVerified: true,
      nameVerified: true,
      emailVerified: true,
    });
  });

  it("a verified user sees the same history on a second device; an unverified claim of the same id sees nothing and changes nothing", async () => {
    const jwt = await identityJwt({ sub: "user-70", name: "Linus", email: "linus@shop.example" }, { expiresIn: "5m" });
    const first = await asVisitor();
    await first.caller.visitor.identify({ jwt });
    await first.caller.visitor.send({ clientMsgId: clientMsgId(), body: "my order #1001 is late" });

    // The second device: its own session until it proves who it is, then the first device's record and thread.
    const second = await asVisitor();
    expect((await second.caller.visitor.thread({ limit: 50 })).messages).toEqual([]);
    await expect(second.caller.visitor.identify({ id: "user-70", hash: identityHash(secret, "user-70") })).resolves.toMatchObject({
      verified: true,
      switched: true,
    });
    const reopened = await tenant.visitor(second.visitor.deviceId);
    expect(reopened.visitorId).toBe(first.visitor.visitorId);
    const secondAgain = (await callerFor(world.deps, { visitorToken: reopened.token })).caller;
    expect((await secondAgain.visitor.thread({ limit: 50 })).messages.map((message) => message.body)).toEqual(["my order #1001 is late"]);
    // Identifying again on the switched session is a no-op; an unverified identify there cannot touch the record.
    await expect(secondAgain.visitor.identify({ id: "user-70", hash: identityHash(secret, "user-70") })).resolves.toMatchObject({
      switched: false,
    });
    await expect(secondAgain.visitor.identify({ id: "user-70", name: "Mallory" })).resolves.toMatchObject({
      verified: false,
      switched: false,
    });

    // Someone claiming the same id without the secret: stored on their own device only, no history, no merge.
    const claimant = await asVisitor();
    await expect(
      claimant.caller.visitor.identify({
        id: "user-70",
        name: "Mallory",
        email: "mallory@evil.example",
        hash: identityHash("guess", "user-70"),
      }),
    ).resolves.toEqual({
      verified: false,
      nameVerified: false,
      emailVerified: false,
      switched: false,
    });
    const claimantAgain = await tenant.visitor(claimant.visitor.deviceId);
    expect(claimantAgain.visitorId).toBe(claimant.visitor.visitorId);
    expect(
      (await (await callerFor(world.deps, { visitorToken: claimantAgain.token })).caller.visitor.thread({ limit: 50 })).messages,
    ).toEqual([]);

    // The verified record kept its signed name and email through all of it, and the first device cannot be downgraded.
    await expect(first.caller.visitor.identify({ id: "user-70", name: "Mallory" })).resolves.toMatchObject({ verified: false });
    expect(await stored(first.visitor.visitorId)).toMatchObject({
      externalId: "user-70",
      name: "Linus",
      email: "linus@shop.example",
      identityVerified: true,
      nameVerified: true,
      emailVerified: true,
    });
  });

  it("a blocked device that proves an identity stays on its own record: no step around the block into the user's history", async () => {
    const jwt = await identityJwt({ sub: "user-80" }, { expiresIn: "5m" });
    const first = await asVisitor();
    await first.caller.visitor.identify({ jwt });
    const blocked = await asVisitor();
    await world.deps.db.visitorBlock.create({
      data: {
        organizationId: tenant.organization.id,
        siteId: tenant.site.id,
        deviceId: blocked.visitor.deviceId,
        createdById: tenant.admin.id,
      },
    });
    await expect(blocked.caller.visitor.identify({ jwt })).resolves.toMatchObject({ verified: true, switched: false });
    expect((await tenant.visitor(blocked.visitor.deviceId)).visitorId).toBe(blocked.visitor.visitorId);
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

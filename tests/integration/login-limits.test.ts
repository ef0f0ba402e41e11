import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrpcHttpHandler } from "../../server/trpc/http-handler.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

let ipCounter = 0;
const newIp = () => `198.51.100.${++ipCounter}`;

/**
 * The attacks on login, on two nodes (on MariaDB each node has its own Redis connections to one Redis, as two
 * processes would; embedded SQLite is one process by design).
 */
describe.each(backends())("login limits on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    tenant = await createTenant(world.deps);
  });
  afterAll(() => world?.close());

  const login = async (node: 0 | 1, ip: string, email: string, password: string) =>
    (await callerFor(world.nodes[node]!, { ip })).caller.auth.login({ email, password });

  /** Agents of the tenant's organization sharing the admin's password (its hash, copied: hashing 40 is slow). */
  async function addAgents(count: number, tag: string) {
    const admin = await world.deps.db.user.findUniqueOrThrow({ where: { id: tenant.admin.id } });
    const emails = Array.from({ length: count }, (_, i) => `${tag}-${i}@acme.test`);
    await world.deps.db.user.createMany({
      data: emails.map((email) => ({
        organizationId: tenant.organization.id,
        email,
        name: email,
        role: "agent" as const,
        passwordHash: admin.passwordHash,
      })),
    });
    return emails;
  }

  it("node B continues node A's count: after 5 failures on A, B makes the next try wait (the right password too)", async () => {
    const attacker = newIp();
    const email = tenant.admin.email;
    for (let i = 0; i < 5; i++) await expect(login(0, attacker, email, `guess ${i}`)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const refused = login(1, attacker, email, testPassword);
    await expect(refused).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: "too many failed logins for this account from this address; try again in 2 s",
    });
    await expect(refused).rejects.toSatisfy((error: { cause?: { details?: unknown } }) => {
      expect(error.cause?.details).toEqual({ retryAfterSeconds: 2 });
      return true;
    });
    // Waited out on node B, the next wrong guess doubles the wait, seen by node A.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(login(1, attacker, email, "guess 6")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(login(0, attacker, email, testPassword)).rejects.toMatchObject({ message: expect.stringMatching(/try again in [34] s$/) });
  });

  it("the owner logs in from another address during an attack, and the attack's count goes on", async () => {
    const attacker = newIp();
    const [email] = await addAgents(1, "owner");
    for (let i = 0; i < 5; i++)
      await expect(login(i % 2 ? 1 : 0, attacker, email!, `guess ${i}`)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    for (let i = 0; i < 3; i++) await expect(login(0, attacker, email!, testPassword)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(login(1, newIp(), email!, testPassword)).resolves.toMatchObject({ agent: { email } });
    await expect(login(0, newIp(), email!, testPassword)).resolves.toMatchObject({ agent: { email } });
    await expect(login(1, attacker, email!, testPassword)).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });

  it("only failures count: twenty logins in a row from one address all succeed, and a success clears the failures before it", async () => {
    const office = newIp();
    for (let i = 0; i < 20; i++) await expect(login(i % 2 ? 1 : 0, office, tenant.admin.email, testPassword)).resolves.toBeTruthy();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++)
        await expect(login(0, office, tenant.admin.email, "typo")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(login(1, office, tenant.admin.email, testPassword)).resolves.toBeTruthy();
    }
  });

  it("spraying one password over 40 accounts from one address is stopped after 30 failures, on every node", async () => {
    const sprayer = newIp();
    const emails = await addAgents(40, "spray");
    const outcomes: string[] = [];
    for (const [i, email] of emails.entries()) {
      // The sprayed password is right for the last ten accounts: they must not be reached.
      const password = i < 30 ? "Summer2026!" : testPassword;
      outcomes.push(
        await login(i % 2 ? 1 : 0, sprayer, email, password).then(
          () => "in",
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(outcomes.slice(0, 30)).toEqual(Array(30).fill("UNAUTHORIZED"));
    expect(outcomes.slice(30)).toEqual(Array(10).fill("TOO_MANY_REQUESTS"));
    await expect(login(0, sprayer, emails[35]!, testPassword)).rejects.toMatchObject({
      message: expect.stringMatching(/^too many failed logins from this address; try again in \d+ min$/),
    });
    await expect(login(1, newIp(), emails[35]!, testPassword)).resolves.toMatchObject({ agent: { email: emails[35] } });
  });

  describe("over HTTP", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const handle = createTrpcHttpHandler(world.deps);
      server = createServer((req, res) => handle(req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server?.close(resolve)));

    it("50 logins in one batched request count as 50: 30 are judged, 20 refused with Retry-After", async () => {
      const emails = await addAgents(50, "batch");
      const paths = emails.map(() => "auth.login").join(",");
      const body = Object.fromEntries(emails.map((email, i) => [String(i), { email, password: i < 45 ? "Winter2026!" : testPassword }]));
      const response = await fetch(`${base}/api/trpc/${paths}?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const results = (await response.json()) as { error?: { data: { code: string } } }[];
      const codes = results.map((result) => result.error?.data.code ?? "OK");
      expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(30);
      expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(20);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(60);
      expect(response.headers.get("set-cookie")).toBeNull();

      const single = await fetch(`${base}/api/trpc/auth.login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: emails[49], password: testPassword }),
      });
      expect(single.status).toBe(429);
      expect(Number(single.headers.get("retry-after"))).toBeGreaterThan(60);
      expect((await single.json()).error.message).toMatch(/^too many failed logins from this address; try again in \d+ min$/);
    });
  });
});

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateSession, logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { inputArbitrary } from "../fuzz/arbitraries.ts";
import { callProcedure, procedures, type FuzzCaller } from "../fuzz/call.ts";
import { fuzzBackends, fuzzRuns, fuzzSeed, fuzzTimeoutMs } from "../fuzz/settings.ts";
import { realValuesOf, seedOrganizationA, snapshotOrganization } from "../fuzz/tenant-a.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";

/**
 * Property-based fuzzing of every tRPC procedure: arbitrary JSON (biased towards each procedure's keys and
 * organization A's real ids) as an anonymous caller, and as a visitor, an agent and an admin of organization B.
 * Invariants: never INTERNAL_SERVER_ERROR, no row of A changes, the process keeps serving.
 * A failure prints fast-check's seed and path; FUZZ_SEED=<seed> replays the run.
 */
describe.each(fuzzBackends())("fuzzing every tRPC procedure on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let organizationA: string;
  let organizationB: string;
  let realValues: string[];
  let callers: FuzzCaller[];

  beforeAll(async () => {
    world = await createTestWorld(backend);
    const a = await seedOrganizationA(world.deps);
    organizationA = a.tenant.organization.id;
    realValues = await realValuesOf(world.deps, organizationA);

    const b = await createTenant(world.deps, "Globex");
    organizationB = b.organization.id;
    const bVisitor = await b.visitor();
    // B's site on an origin of its own: A's site allows https://shop.example, where opening a session in A is legitimate.
    await world.deps.db.site.update({ where: { id: b.site.id }, data: { allowedOrigins: ["https://globex.example"] } });
    // Failed logins end in TOO_MANY_REQUESTS sooner: each judged one costs an Argon2 verification.
    world.deps.limits.settings = { ...world.deps.limits.settings, loginFailuresPerIpPerDay: 5 };
    const bAdmin = await world.deps.db.user.findUniqueOrThrow({ where: { id: b.admin.id } });
    const bAgent = await world.deps.db.user.create({
      data: {
        organizationId: b.organization.id,
        email: "agent@globex.test",
        name: "Globex Agent",
        role: "agent",
        passwordHash: bAdmin.passwordHash,
      },
    });
    callers = [
      { name: "anonymous", request: { ip: "192.0.2.10" } },
      { name: "B's visitor", request: { visitorToken: bVisitor.token, origin: "https://globex.example", ip: "192.0.2.11" } },
      { name: "B's agent", email: bAgent.email, request: { ip: "192.0.2.12" } },
      { name: "B's admin", email: b.admin.email, request: { ip: "192.0.2.13" } },
    ];
    await keepSignedIn();
  }, 60_000);
  /** How the calls ended, per procedure and caller: FUZZ_STATS=1 prints it, to see how deep the inputs reach. */
  const outcomes = new Map<string, number>();
  afterAll(async () => {
    if (process.env.FUZZ_STATS === "1") console.log([...outcomes].map(([key, count]) => `${key}\t${count}`).join("\n"));
    await world?.close();
  });

  /** B's agents sign in again when a case ended their session (auth.logout) or took their role or account. */
  async function keepSignedIn() {
    for (const who of callers) {
      if (!who.email) continue;
      await world.deps.db.user.updateMany({
        where: { email: who.email },
        data: { deactivatedAt: null, role: who.name === "B's admin" ? "admin" : "agent" },
      });
      if (who.request?.cookie && (await authenticateSession(world.deps, who.request.cookie.split("=")[1]))) continue;
      who.request = {
        ...who.request,
        cookie: `${sessionCookieName}=${(await logIn(world.deps, { email: who.email, password: testPassword })).token}`,
      };
    }
  }

  it("finds every procedure of the router", () => {
    expect(procedures.length).toBeGreaterThan(100);
    expect(procedures.map((p) => p.path)).toContain("widget.session");
  });

  for (const procedure of procedures) {
    it(
      procedure.path,
      async () => {
        // A caller the procedure turns away before reading the input gets a few cases; the rest go to those it lets in.
        const probes = await Promise.all(callers.map((who) => callProcedure(world.deps, who, procedure.path, procedure.type, undefined)));
        const refused = (i: number) => probes[i] === "UNAUTHORIZED" || probes[i] === "FORBIDDEN";
        const admitted = callers.filter((_, i) => !refused(i)).length;
        const runsFor = (i: number) =>
          refused(i) || admitted === 0 ? 10 : Math.ceil((fuzzRuns(procedure.type) - 10 * (callers.length - admitted)) / admitted);
        // Both organizations' ids: A's to aim at, B's own so B's callers get past "not found" into the domain code.
        const values = [...realValues, ...(await realValuesOf(world.deps, organizationB))];
        for (const [index, who] of callers.entries()) {
          const before = await snapshotOrganization(world.deps, organizationA);
          await fc.assert(
            fc.asyncProperty(inputArbitrary(procedure.input, procedure.hints, values), async (input) => {
              const outcome = await callProcedure(world.deps, who, procedure.path, procedure.type, input);
              const key = `${procedure.path}\t${who.name}\t${outcome}`;
              outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
            }),
            { seed: fuzzSeed + index, numRuns: runsFor(index) },
          );
          const after = await snapshotOrganization(world.deps, organizationA);
          const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
          expect(
            changed,
            `${procedure.path} as ${who.name} changed organization A's ${changed.join(", ")} (seed ${fuzzSeed + index})`,
          ).toEqual([]);
        }
        // Still serving: a plain query answers and the database is usable.
        expect(await callProcedure(world.deps, callers[0]!, "auth.signUpOpen", "query", undefined)).toBe("OK");
        await keepSignedIn();
      },
      fuzzTimeoutMs,
    );
  }
});

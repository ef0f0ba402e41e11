import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { rawTrpcSocket } from "../support/raw-socket.ts";
import { backends } from "../support/test-database.ts";
import { startWsServer } from "../support/ws-server.ts";

/** The upgrade's answer: 101 when the socket opened, else the HTTP status it was refused with. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("unexpected-response", (_req, response) => resolve(response.statusCode ?? 0));
    socket.once("error", () => resolve(-1));
  });
}

/**
 * Cross-site WebSocket hijacking (issue #11): a page on another port of the same host sent the admin's cookie with
 * its upgrade and read the admin's conversations. The Origin is checked before the upgrade (the browser test is
 * tests/e2e/socket-origin.spec.ts).
 */
describe.each(backends())("the Origin of a socket or a cookie call, on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let server: Awaited<ReturnType<typeof startWsServer>>;
  let cookie: string;

  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    server = await startWsServer({ ...world.deps, extraOrigins: ["https://admin.example"] });
    cookie = `${sessionCookieName}=${(await logIn(world.deps, { email: tenant.admin.email, password: testPassword })).token}`;
  });
  afterAll(async () => {
    await server?.stop();
    await world?.close();
  });

  it("refuses with 403 before the upgrade a page that is not the app, even on another port of the same host", async () => {
    expect(await upgradeStatus(server.url, { cookie, origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await upgradeStatus(server.url, { cookie, origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(server.url, { cookie, origin: "null" })).toBe(403);
    // A site's origin alone does not open a socket: it must name the site that allows it.
    expect(await upgradeStatus(server.url, { origin: "https://shop.example" })).toBe(403);
    expect(await upgradeStatus(`${server.url}?site=${tenant.site.siteKey}`, { origin: "https://evil.example" })).toBe(403);
    expect(await upgradeStatus(`${server.url}?site=nosuchsite`, { origin: "https://shop.example" })).toBe(403);
  });

  it("serves agent sockets from PUBLIC_URL's origin, the host asked for, and EXTRA_ORIGINS, and sockets without Origin (apps)", async () => {
    for (const origin of ["http://app.test", `http://127.0.0.1:${server.port}`, "https://admin.example", null]) {
      const socket = rawTrpcSocket(server.url, { cookie, ...(origin ? { origin } : {}) });
      await socket.opened;
      const answer = await socket.call("query", "auth.me");
      expect(answer !== "closed" && answer.result?.data).toMatchObject({ userId: tenant.admin.id });
      socket.socket.close();
    }
  });

  it("serves a visitor socket from a page of the site that allows it, and never uses a cookie sent along with it", async () => {
    const visitor = await tenant.visitor();
    const url = `${server.url}?site=${tenant.site.siteKey}`;
    const socket = rawTrpcSocket(url.replace("?", "?connectionParams=1&"), { cookie, origin: "https://shop.example" });
    socket.socket.once("open", () =>
      socket.socket.send(JSON.stringify({ method: "connectionParams", data: { visitorToken: visitor.token } })),
    );
    await socket.opened;
    const thread = await socket.call("query", "visitor.thread", {});
    expect(thread !== "closed" && thread.result?.data).toMatchObject({ messages: [] });
    const me = await socket.call("query", "auth.me");
    expect(me !== "closed" && me.error?.data?.code).toBe("UNAUTHORIZED");
    socket.socket.close();
  });

  it("over HTTP, a cookie sent by a page that is not the app is not used", async () => {
    const foreign = await callerFor(world.deps, { cookie, origin: `http://127.0.0.1:${server.port + 1}` });
    await expect(foreign.caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(foreign.caller.admin.tokens.create({ name: "stolen", scopes: ["admin", "read"] })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    const own = await callerFor(world.deps, { cookie, origin: "http://app.test" });
    await expect(own.caller.auth.me()).resolves.toMatchObject({ userId: tenant.admin.id });
    const noOrigin = await callerFor(world.deps, { cookie });
    await expect(noOrigin.caller.auth.me()).resolves.toMatchObject({ userId: tenant.admin.id });
  });
});

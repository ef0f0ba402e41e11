import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAgentStatus } from "../../server/domain/presence/agent-presence.ts";
import { handleWidget } from "../../server/http/widget.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("the widget's HTTP endpoints on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Server;
  let base: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    server = createServer((req, res) => {
      handleWidget(world.deps, req, res).then(
        (handled) => !handled && res.writeHead(418).end(),
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
  });

  const config = (siteKey: string, origin?: string) =>
    fetch(`${base}/widget/config?site=${encodeURIComponent(siteKey)}`, { headers: origin ? { origin } : {} });

  it("gives an allowed page the site's branding with defaults, CORS for that origin only, and the team's status", async () => {
    await world.deps.db.site.update({
      where: { id: tenant.site.id },
      data: { widgetSettings: { color: "#0f766e", position: "left", greeting: 42 } },
    });
    const response = await config(tenant.site.siteKey, "https://shop.example");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    const body = await response.json();
    // A malformed field falls back to its default; the rest is kept.
    expect(body).toMatchObject({
      siteKey: tenant.site.siteKey,
      color: "#0f766e",
      position: "left",
      greeting: "",
      draftPreview: true,
      online: false,
    });
    await setAgentStatus(world.deps, tenant.agent, "online");
    expect(await (await config(tenant.site.siteKey, "https://shop.example")).json()).toMatchObject({ online: true });
    await setAgentStatus(world.deps, tenant.agent, "offline");
  });

  it("gives the launcher text, greeting and offline message of the visitor's language, falling back to the site-wide ones", async () => {
    await world.deps.db.site.update({
      where: { id: tenant.site.id },
      data: {
        widgetSettings: {
          launcherText: "Chat with us",
          greeting: "Hi!",
          offlineMessage: "Leave a note",
          texts: { "zh-CN": { launcherText: "在线咨询", greeting: "您好！" } },
        },
      },
    });
    const zh = await (
      await fetch(`${base}/widget/config?site=${tenant.site.siteKey}&locale=zh-CN`, { headers: { origin: "https://shop.example" } })
    ).json();
    expect(zh).toMatchObject({ launcherText: "在线咨询", greeting: "您好！", offlineMessage: "Leave a note" });
    // No locale parameter: the browser's Accept-Language decides.
    const byHeader = await (
      await fetch(`${base}/widget/config?site=${tenant.site.siteKey}`, {
        headers: { origin: "https://shop.example", "accept-language": "zh-CN,zh;q=0.9" },
      })
    ).json();
    expect(byHeader).toMatchObject({ launcherText: "在线咨询" });
    const en = await (
      await fetch(`${base}/widget/config?site=${tenant.site.siteKey}&locale=en`, { headers: { origin: "https://shop.example" } })
    ).json();
    expect(en).toMatchObject({ launcherText: "Chat with us", greeting: "Hi!", offlineMessage: "Leave a note" });
    const panel = await (
      await fetch(`${base}/widget/panel?site=${tenant.site.siteKey}&host=${encodeURIComponent("https://shop.example")}&locale=zh-CN`)
    ).text();
    expect(panel).toContain("您好！");
    expect(panel).not.toContain('"greeting":"Hi!"');
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: {} } });
  });

  it("refuses another origin, an unknown site and a malformed key, each with a message that says so", async () => {
    const other = await config(tenant.site.siteKey, "https://evil.example");
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({
      error: `origin https://evil.example is not allowed to embed the widget of site "${tenant.site.siteKey}" (add it in Dashboard → Sites → Allowed origins)`,
    });
    const missing = await config("no-such-site", "https://shop.example");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'unknown site key "no-such-site"' });
    const malformed = await config("<script>", "https://shop.example");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: "site must be a site key" });
    const noOrigin = await config(tenant.site.siteKey);
    expect(noOrigin.status).toBe(403);
  });

  it("serves the snippet pasted on a page of the app itself: a same-origin GET has no Origin, the Referer names the page", async () => {
    const url = `${base}/widget/config?site=${encodeURIComponent(tenant.site.siteKey)}`;
    const fromAppPage = await fetch(url, { headers: { referer: `${base}/`, "sec-fetch-site": "same-origin" } });
    expect(fromAppPage.status).toBe(200);
    expect(fromAppPage.headers.get("access-control-allow-origin")).toBeNull();
    expect(await fromAppPage.json()).toMatchObject({ siteKey: tenant.site.siteKey });
    // Under a no-referrer policy the browser still says the request is same-origin.
    expect((await fetch(url, { headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
    // A page elsewhere is still refused by its Referer when no Origin came.
    const elsewhere = await fetch(url, { headers: { referer: "https://evil.example/page" } });
    expect(elsewhere.status).toBe(403);
    expect((await elsewhere.json()).error).toContain("origin https://evil.example is not allowed");
  });

  it("serves the panel framable only by the site's origins and the app, and never for a host it does not allow", async () => {
    const panel = await fetch(
      `${base}/widget/panel?site=${tenant.site.siteKey}&host=${encodeURIComponent("https://shop.example")}&locale=zh-CN`,
    );
    expect(panel.status).toBe(200);
    expect(panel.headers.get("content-security-policy")).toContain("frame-ancestors http://app.test https://shop.example;");
    expect(panel.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await panel.text();
    const boot = JSON.parse(/<script id="parley-boot" type="application\/json">(.*?)<\/script>/.exec(html)![1]!);
    expect(boot).toMatchObject({ siteKey: tenant.site.siteKey, hostOrigin: "https://shop.example", locale: "zh-CN", deviceId: null });

    const refused = await fetch(`${base}/widget/panel?site=${tenant.site.siteKey}&host=${encodeURIComponent("https://evil.example")}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-security-policy")).toBe("frame-ancestors 'none'");
  });

  it("escapes settings inside the boot script so a greeting cannot close the tag", async () => {
    await world.deps.db.site.update({
      where: { id: tenant.site.id },
      data: { widgetSettings: { greeting: "</script><script>alert(1)</script>" } },
    });
    const html = await (await fetch(`${base}/chat/${tenant.site.siteKey}?deviceId=short`)).text();
    expect(html).not.toContain("</script><script>alert(1)");
    const boot = JSON.parse(/<script id="parley-boot" type="application\/json">(.*?)<\/script>/.exec(html)![1]!);
    expect(boot.settings.greeting).toBe("</script><script>alert(1)</script>");
    // The H5 page has no host; a device id that is not one is ignored.
    expect(boot).toMatchObject({ hostOrigin: null, deviceId: null });
  });

  it("leaves every other path to the next handler", async () => {
    expect((await fetch(`${base}/widget/loader.js`)).status).toBe(418);
  });
});

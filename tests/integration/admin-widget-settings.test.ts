import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/domain/agents/password.ts";
import { sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { identityHash } from "../../server/domain/visitors/identify-visitor.ts";
import { widgetPreview } from "../../server/domain/sites/widget-preview.ts";
import { widgetSettingsSchema } from "../../server/contracts/widget-settings.ts";
import { handleWidget } from "../../server/http/widget.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const defaults = widgetSettingsSchema.parse({});
const edited = {
  ...defaults,
  color: "#0f766e",
  position: "left" as const,
  greeting: "Welcome to Acme!",
  launcherText: "Chat with us",
  agentName: "Ada",
  agentAvatarUrl: "https://cdn.example/ada.png",
  offlineMessage: "We answer within a day.",
  draftPreview: false,
  attachments: { enabled: true, maxBytes: 2 * 1024 * 1024, allowedTypes: ["image/png" as const, "application/pdf" as const] },
  preChat: { enabled: true, fields: [{ key: "order", label: "Order number", type: "text" as const, required: true }] },
};

/** A site's widget settings and identity secret through the admin procedures, as the dashboard's editor calls them. */
describe.each(backends())("admin widget settings on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCallerFor>>;
  let agent: Awaited<ReturnType<typeof agentCallerFor>>;
  let other: Awaited<ReturnType<typeof agentCallerFor>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const user = await world.deps.db.user.create({
      data: {
        organizationId: tenant.organization.id,
        email: `agent-${backend}@acme.test`,
        name: "Ann Agent",
        passwordHash: await hashPassword(testPassword),
      },
    });
    agent = await agentCallerFor(world.deps, user.email, testPassword);
    other = await agentCallerFor(world.deps, (await createTenant(world.deps, "Globex")).admin.email, testPassword);
  });
  afterAll(() => world?.close());

  const stored = async () => (await world.deps.db.site.findUniqueOrThrow({ where: { id: tenant.site.id } })).widgetSettings;
  const audits = (action: string) =>
    world.deps.db.auditLog.findMany({ where: { organizationId: tenant.organization.id, action }, orderBy: { createdAt: "asc" } });

  it("reads defaults, saves every setting, reads them back, and audits only what changed", async () => {
    expect(await admin.admin.widget.get({ siteId: tenant.site.id })).toEqual({
      siteId: tenant.site.id,
      siteName: tenant.site.name,
      siteKey: tenant.site.siteKey,
      settings: defaults,
      identitySecretSet: false,
    });
    const saved = await admin.admin.widget.update({ siteId: tenant.site.id, settings: edited });
    expect(saved.settings).toEqual(edited);
    expect(await admin.admin.widget.get({ siteId: tenant.site.id })).toMatchObject({ settings: edited });
    expect(await stored()).toEqual(edited);

    const [entry] = await audits("site.widget_update");
    expect(entry).toMatchObject({ actorId: tenant.admin.id, targetType: "site", targetId: tenant.site.id });
    const changes = (entry!.details as { changes: Record<string, { from: unknown; to: unknown }> }).changes;
    expect(Object.keys(changes).sort()).toEqual([
      "agentAvatarUrl",
      "agentName",
      "attachments",
      "color",
      "draftPreview",
      "greeting",
      "launcherText",
      "offlineMessage",
      "position",
      "preChat",
    ]);
    expect(changes.color).toEqual({ from: "#4f46e5", to: "#0f766e" });

    // Saving the same settings again changes nothing and writes no audit row.
    await admin.admin.widget.update({ siteId: tenant.site.id, settings: edited });
    expect(await audits("site.widget_update")).toHaveLength(1);
  });

  it("the widget gets what was saved: the panel's boot and the loader's config carry the offline message", async () => {
    const { panelBoot, widgetConfig } = await import("../../server/domain/sites/widget-config.ts");
    const boot = await panelBoot(world.deps, { siteKey: tenant.site.siteKey, host: "https://shop.example", requestHost: "app.test" });
    expect(boot.settings).toMatchObject({ offlineMessage: "We answer within a day.", color: "#0f766e", preChat: edited.preChat });
    const config = await widgetConfig(world.deps, {
      siteKey: tenant.site.siteKey,
      origin: "https://shop.example",
      requestHost: "app.test",
    });
    expect(config).toMatchObject({ launcherText: "Chat with us", position: "left" });
  });

  it("refuses every bad setting with a message naming it, and changes nothing", async () => {
    const before = { settings: await stored(), audits: (await audits("site.widget_update")).length };
    const bad: [object, string][] = [
      [{ color: "teal" }, "settings.color: color must be a #rrggbb hex color"],
      [{ color: "#12345" }, "settings.color: color must be a #rrggbb hex color"],
      [{ position: "top" }, "settings.position: "],
      [{ greeting: "x".repeat(301) }, "settings.greeting: greeting is at most 300 characters"],
      [{ launcherText: "x".repeat(41) }, "settings.launcherText: launcher text is at most 40 characters"],
      [{ agentName: "x".repeat(81) }, "settings.agentName: agent name is at most 80 characters"],
      [{ offlineMessage: "x".repeat(501) }, "settings.offlineMessage: offline message is at most 500 characters"],
      [{ agentAvatarUrl: "javascript:alert(1)" }, "settings.agentAvatarUrl: avatar must be an http(s) URL"],
      [{ agentAvatarUrl: "not a url" }, "settings.agentAvatarUrl: avatar must be an http(s) URL"],
      [{ agentAvatarUrl: `https://cdn.example/${"a".repeat(2048)}` }, "settings.agentAvatarUrl: avatar URL is at most 2048 characters"],
      [{ attachments: { ...edited.attachments, maxBytes: 10 } }, "settings.attachments.maxBytes: attachment size limit is at least 1 KB"],
      [
        { attachments: { ...edited.attachments, maxBytes: 200 * 1024 * 1024 } },
        "settings.attachments.maxBytes: attachment size limit is at most 100 MB",
      ],
      [{ attachments: { ...edited.attachments, allowedTypes: ["text/html"] } }, "settings.attachments.allowedTypes.0: allowed types are "],
      [
        {
          preChat: {
            enabled: true,
            fields: Array.from({ length: 7 }, (_, index) => ({ key: `f${index}`, label: "Field", type: "text", required: false })),
          },
        },
        "settings.preChat.fields: at most 6 pre-chat fields",
      ],
      [
        { preChat: { enabled: true, fields: [{ key: "Order No", label: "Order", type: "text", required: false }] } },
        "settings.preChat.fields.0.key: a field key is lowercase letters",
      ],
      [
        { preChat: { enabled: true, fields: [{ key: "order", label: " ", type: "text", required: false }] } },
        "settings.preChat.fields.0.label: a field needs a label",
      ],
      [
        { preChat: { enabled: true, fields: [{ key: "order", label: "x".repeat(81), type: "text", required: false }] } },
        "settings.preChat.fields.0.label: a field label is at most 80 characters",
      ],
      [
        { preChat: { enabled: true, fields: [{ key: "order", label: "Order", type: "date", required: false }] } },
        "settings.preChat.fields.0.type: ",
      ],
      [
        { preChat: { enabled: true, fields: ["a", "a"].map((key) => ({ key, label: "A", type: "text", required: false })) } },
        "settings.preChat.fields: pre-chat field keys must be different",
      ],
    ];
    for (const [change, message] of bad) {
      const error = await admin.admin.widget
        .update({ siteId: tenant.site.id, settings: { ...edited, ...change } as never })
        .catch((caught: unknown) => caught);
      expect(error, JSON.stringify(change).slice(0, 80)).toMatchObject({ code: "BAD_REQUEST" });
      expect((error as Error).message.startsWith(message), `${(error as Error).message} should start with ${message}`).toBe(true);
    }
    expect({ settings: await stored(), audits: (await audits("site.widget_update")).length }).toEqual(before);
  });

  it("rotating the identity secret returns it once; old hashes stop verifying; reads say only that one is set", async () => {
    const first = await admin.admin.widget.rotateIdentitySecret({ siteId: tenant.site.id });
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await admin.admin.widget.get({ siteId: tenant.site.id })).toMatchObject({ identitySecretSet: true });
    const listed = (await admin.admin.sites.list()).find((site) => site.id === tenant.site.id)!;
    expect(listed.identitySecretSet).toBe(true);
    const everythingRead = JSON.stringify([await admin.admin.widget.get({ siteId: tenant.site.id }), await admin.admin.sites.list()]);
    expect(everythingRead).not.toContain(first.secret);

    const identify = async (hash: string) => {
      const visitor = await tenant.visitor();
      const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
      return caller.visitor.identify({ id: "user-42", hash });
    };
    const oldHash = identityHash(first.secret, "user-42");
    await expect(identify(oldHash)).resolves.toMatchObject({ verified: true });

    const second = await admin.admin.widget.rotateIdentitySecret({ siteId: tenant.site.id });
    expect(second.secret).not.toBe(first.secret);
    await expect(identify(oldHash)).resolves.toMatchObject({ verified: false });
    await expect(identify(identityHash(second.secret, "user-42"))).resolves.toMatchObject({ verified: true });

    const rotations = await audits("site.identity_secret_rotate");
    expect(rotations.map((row) => row.details)).toEqual([{ replaced: false }, { replaced: true }]);
    expect(JSON.stringify(rotations)).not.toContain(second.secret);
  });

  it("agents are FORBIDDEN, another organization gets NOT_FOUND, and neither changes anything", async () => {
    const before = await world.deps.db.site.findUniqueOrThrow({ where: { id: tenant.site.id } });
    const siteId = tenant.site.id;
    await expect(agent.admin.widget.get({ siteId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.admin.widget.update({ siteId, settings: defaults })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.admin.widget.rotateIdentitySecret({ siteId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(other.admin.widget.get({ siteId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "site not found" });
    await expect(other.admin.widget.update({ siteId, settings: defaults })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.admin.widget.rotateIdentitySecret({ siteId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await world.deps.db.site.findUniqueOrThrow({ where: { id: tenant.site.id } })).toEqual(before);
  });

  /** A signed-in session's cookie value, as the browser would send it. */
  const cookieOf = async (email: string) => {
    const session = await callerFor(world.deps);
    await session.caller.auth.login({ email, password: testPassword });
    return session.setCookies[0]!.split(";")[0]!.split("=")[1]!;
  };

  it("the preview of unsaved settings is for the site's admins only, and checks the settings like a save", async () => {
    const siteKey = tenant.site.siteKey;
    const preview = JSON.stringify({ ...edited, greeting: "Not saved yet", online: false });
    const visitors = await world.deps.db.visitor.count();
    await expect(widgetPreview(world.deps, { sessionToken: await cookieOf(tenant.admin.email), siteKey, preview })).resolves.toMatchObject({
      siteKey,
      online: false,
      settings: { greeting: "Not saved yet", color: "#0f766e" },
    });
    await expect(widgetPreview(world.deps, { sessionToken: undefined, siteKey, preview })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(
      widgetPreview(world.deps, { sessionToken: await cookieOf(`agent-${backend}@acme.test`), siteKey, preview }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await cookieOf(tenant.admin.email);
    await expect(
      widgetPreview(world.deps, { sessionToken: admin, siteKey, preview: JSON.stringify({ color: "red" }) }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "color: color must be a #rrggbb hex color",
    });
    await expect(widgetPreview(world.deps, { sessionToken: admin, siteKey, preview: "{" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await world.deps.db.visitor.count()).toBe(visitors);
    expect(await stored()).toEqual(edited);
  });

  it("over HTTP: the preview host page and the preview panel carry the unsaved settings, framed by the app only", async () => {
    const server = createServer(
      (req, res) => void handleWidget(world.deps, req, res).then((handled) => !handled && res.writeHead(418).end()),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const cookie = `${sessionCookieName}=${await cookieOf(tenant.admin.email)}`;
      const preview = JSON.stringify({ ...edited, greeting: "Not saved </script><script>alert(1)</script>", online: false });
      const query = (path: string, extra: Record<string, string> = {}) =>
        `${base}${path}?${new URLSearchParams({ site: tenant.site.siteKey, locale: "zh-CN", preview, ...extra })}`;
      const visitors = await world.deps.db.visitor.count();

      const page = await fetch(query("/widget/preview"), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'self';");
      const html = await page.text();
      expect(html).toContain(`data-site="${tenant.site.siteKey}"`);
      expect(html).toContain("&quot;greeting&quot;:&quot;Not saved &lt;/script&gt;");
      expect(html).not.toContain("</script><script>alert(1)");
      expect(html).toContain('Parley("setLocale","zh-CN");Parley("open")');

      const panel = await fetch(query("/widget/panel", { host: "http://app.test" }), { headers: { cookie } });
      expect(panel.status).toBe(200);
      expect(panel.headers.get("content-security-policy")).toMatch(/^frame-ancestors 'self';/);
      const boot = JSON.parse(
        /<script id="parley-boot" type="application\/json">(.*?)<\/script>/.exec(await panel.text())![1]!.replaceAll("\\u003c", "<"),
      );
      expect(boot).toMatchObject({
        preview: true,
        online: false,
        locale: "zh-CN",
        settings: { greeting: "Not saved </script><script>alert(1)</script>", color: "#0f766e" },
      });

      expect((await fetch(query("/widget/preview"))).status).toBe(401);
      expect((await fetch(query("/widget/panel", { host: "http://app.test" }))).status).toBe(401);
      const bad = await fetch(
        `${base}/widget/preview?${new URLSearchParams({ site: tenant.site.siteKey, preview: JSON.stringify({ launcherText: "x".repeat(41) }) })}`,
        { headers: { cookie } },
      );
      expect({ status: bad.status, body: await bad.json() }).toEqual({
        status: 400,
        body: { error: "launcherText: launcher text is at most 40 characters" },
      });
      expect(await world.deps.db.visitor.count()).toBe(visitors);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

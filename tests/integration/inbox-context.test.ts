import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterCommit } from "../../server/domain/effects.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { openVisitorSession } from "../../server/domain/sites/open-visitor-session.ts";
import { lookupIp } from "../../server/domain/visitors/geo.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

describe("visitor location from the IP (GeoLite2 City)", () => {
  it("a public address has a country; loopback and private ones are the local network; garbage is unknown", async () => {
    expect(await lookupIp("8.8.8.8")).toMatchObject({ kind: "public", country: "US" });
    expect(await lookupIp("::ffff:8.8.8.8")).toMatchObject({ kind: "public", country: "US" });
    expect(await lookupIp("81.2.69.142")).toMatchObject({ kind: "public", country: "GB", timezone: "Europe/London" });
    expect(await lookupIp("2001:4860:4860::8888")).toMatchObject({ kind: "public", country: "US" });
    for (const ip of ["127.0.0.1", "::1", "10.1.2.3", "192.168.0.9", "172.20.1.1", "fe80::1"])
      expect(await lookupIp(ip)).toEqual({ kind: "local" });
    for (const ip of [null, "", "not-an-ip", "999.1.1.1"]) expect(await lookupIp(ip)).toEqual({ kind: "unknown" });
  });
});

describe.each(backends())("inbox context on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let admin: Awaited<ReturnType<typeof agentCaller>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    admin = await agentCaller(world.deps, tenant.admin.email);
  });
  afterAll(() => world?.close());

  const newConversation = async (body: string) => {
    const visitor = await tenant.visitor();
    const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body });
    return { visitor, conversationId: ack.conversationId };
  };

  it("labels: admins create, rename and delete them; bad input is refused with a clear error and stores nothing", async () => {
    const vip = await admin.caller.admin.labels.create({ name: "  VIP ", color: "#FF0000" });
    expect(vip).toMatchObject({ name: "VIP", color: "#ff0000" });
    await expect(admin.caller.admin.labels.create({ name: "vip2", color: "red" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("color must be #rrggbb"),
    });
    await expect(admin.caller.admin.labels.create({ name: "   ", color: "#000000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("label name is empty"),
    });
    await expect(admin.caller.admin.labels.create({ name: "x".repeat(41), color: "#000000" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("label name is longer than 40 characters"),
    });
    await expect(admin.caller.admin.labels.create({ name: "VIP", color: "#000000" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'a label named "VIP" already exists',
    });
    const billing = await admin.caller.admin.labels.create({ name: "Billing", color: "#00aa00" });
    await expect(admin.caller.admin.labels.update({ id: billing.id, name: "VIP" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await admin.caller.admin.labels.update({ id: billing.id, color: "#0000AA" })).toEqual({
      id: billing.id,
      name: "Billing",
      color: "#0000aa",
    });
    expect((await admin.caller.agent.labels.list()).map((label) => label.name)).toEqual(["Billing", "VIP"]);

    const agent = await addAgent(world.deps, tenant.organization.id, "Plain Agent");
    const asAgent = await agentCaller(world.deps, agent.email);
    await expect(asAgent.caller.admin.labels.create({ name: "Mine", color: "#000000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await admin.caller.admin.labels.delete({ id: billing.id });
    await expect(admin.caller.admin.labels.delete({ id: billing.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "label not found",
    });
    expect((await asAgent.caller.agent.labels.list()).map((label) => label.name)).toEqual(["VIP"]);
  });

  it("labels on conversations: any agent adds and removes them, the list filters by one, another organization's are unusable", async () => {
    const urgent = await admin.caller.admin.labels.create({ name: "Urgent", color: "#ff8800" });
    const tagged = await newConversation("my order is late");
    const other = await newConversation("just looking");
    const agent = await addAgent(world.deps, tenant.organization.id, "Label Agent");
    const asAgent = await agentCaller(world.deps, agent.email);
    expect(await asAgent.caller.agent.labels.add({ conversationId: tagged.conversationId, labelId: urgent.id })).toEqual({
      labelIds: [urgent.id],
    });
    expect(await asAgent.caller.agent.labels.add({ conversationId: tagged.conversationId, labelId: urgent.id })).toEqual({
      labelIds: [urgent.id],
    });
    const filtered = await admin.caller.agent.conversations.list({ labelId: urgent.id });
    expect(filtered.map((row) => row.id)).toEqual([tagged.conversationId]);
    expect(filtered[0]!.labelIds).toEqual([urgent.id]);
    expect((await admin.caller.agent.conversations.list({})).map((row) => row.id)).toContain(other.conversationId);

    const stranger = await createTenant(world.deps, "Stranger");
    const strangerAdmin = await agentCaller(world.deps, stranger.admin.email);
    const theirs = await strangerAdmin.caller.admin.labels.create({ name: "Urgent", color: "#111111" });
    await expect(admin.caller.agent.labels.add({ conversationId: tagged.conversationId, labelId: theirs.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "label not found",
    });
    await expect(
      strangerAdmin.caller.agent.labels.remove({ conversationId: tagged.conversationId, labelId: urgent.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(strangerAdmin.caller.admin.labels.update({ id: urgent.id, name: "pwned" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await strangerAdmin.caller.agent.conversations.list({ labelId: urgent.id })).toEqual([]);
    expect((await strangerAdmin.caller.agent.labels.list()).map((label) => label.id)).toEqual([theirs.id]);
    await expect(admin.caller.agent.labels.add({ conversationId: tagged.conversationId, labelId: "x".repeat(31) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    expect(await asAgent.caller.agent.labels.remove({ conversationId: tagged.conversationId, labelId: urgent.id })).toEqual({
      labelIds: [],
    });
    expect(await admin.caller.agent.conversations.list({ labelId: urgent.id })).toEqual([]);

    // Deleting a label takes it off every conversation.
    await asAgent.caller.agent.labels.add({ conversationId: other.conversationId, labelId: urgent.id });
    await admin.caller.admin.labels.delete({ id: urgent.id });
    expect(await world.deps.db.conversationLabel.count({ where: { labelId: urgent.id } })).toBe(0);
    expect((await admin.caller.agent.conversations.list({})).find((row) => row.id === other.conversationId)?.labelIds).toEqual([]);
  });

  it("team scoping: an agent of team A never gets team B's conversations, in any tab or in search; an admin sees all", async () => {
    const orgId = tenant.organization.id;
    const alice = await addAgent(world.deps, orgId, "Alice A");
    const teamA = await world.deps.db.team.create({
      data: { organizationId: orgId, name: "A", members: { create: [{ organizationId: orgId, userId: alice.id }] } },
    });
    const teamB = await world.deps.db.team.create({ data: { organizationId: orgId, name: "B" } });
    const ofA = await newConversation("scope-word alpha");
    const ofB = await newConversation("scope-word bravo");
    const assignedB = await newConversation("scope-word charlie");
    const noTeam = await newConversation("scope-word delta");
    await world.deps.db.conversation.update({ where: { id: ofA.conversationId }, data: { teamId: teamA.id } });
    await world.deps.db.conversation.update({ where: { id: ofB.conversationId }, data: { teamId: teamB.id } });
    await world.deps.db.conversation.update({
      where: { id: assignedB.conversationId },
      data: { teamId: teamB.id, assigneeId: alice.id, state: "assigned" },
    });
    const { caller } = await agentCaller(world.deps, alice.email);

    const ids = async (view: "mine" | "unassigned" | "all") => (await caller.agent.conversations.list({ view })).map((row) => row.id);
    expect(await ids("all")).not.toContain(ofB.conversationId);
    expect(await ids("all")).toEqual(expect.arrayContaining([ofA.conversationId, noTeam.conversationId, assignedB.conversationId]));
    expect(await ids("unassigned")).not.toContain(ofB.conversationId);
    expect(await ids("unassigned")).toEqual(expect.arrayContaining([ofA.conversationId, noTeam.conversationId]));
    expect(await ids("mine")).toEqual([assignedB.conversationId]);
    const hits = await caller.agent.workspace.search({ query: "scope-word" });
    expect(hits.map((hit) => hit.conversationId).sort()).toEqual(
      [ofA.conversationId, assignedB.conversationId, noTeam.conversationId].sort(),
    );
    expect(await caller.agent.workspace.search({ query: "bravo" })).toEqual([]);
    // The visitor panel's history of B's visitor hides B's conversation too.
    expect((await caller.agent.workspace.visitor({ visitorId: ofB.visitor.visitorId })).pastConversations).toEqual([]);

    // Live list changes too. B's event always goes out just before A's, until the subscription (which starts
    // listening at some unknown moment) reads one: whichever pair it joins, a leak would make B the first read.
    const abort = new AbortController();
    const live = await (
      await callerFor(world.deps, { cookie: (await agentCaller(world.deps, alice.email)).cookie, signal: abort.signal })
    ).caller.agent.onInbox();
    const first = (live as AsyncIterable<{ conversation: { id: string } }>)[Symbol.asyncIterator]().next();
    let read = false;
    void first.then(() => (read = true));
    while (!read) {
      await afterCommit(world.deps, { organizationId: orgId, conversationId: ofB.conversationId, inbox: { reason: "state" } });
      await afterCommit(world.deps, { organizationId: orgId, conversationId: ofA.conversationId, inbox: { reason: "state" } });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await first).value?.conversation.id).toBe(ofA.conversationId);
    abort.abort();

    const everything = (await admin.caller.agent.conversations.list({ view: "all" })).map((row) => row.id);
    expect(everything).toEqual(
      expect.arrayContaining([ofA.conversationId, ofB.conversationId, assignedB.conversationId, noTeam.conversationId]),
    );
    expect((await admin.caller.agent.workspace.search({ query: "bravo" })).map((hit) => hit.conversationId)).toEqual([ofB.conversationId]);
  });

  it("visitor panel: country from the IP on list rows, local network for loopback, time zone, referrer and a bounded page trail", async () => {
    const origin = "https://shop.example";
    const deviceId = "trail-device-0123456789";
    const widget = (await callerFor(world.deps, { origin })).caller.widget;
    await expect(widget.session({ siteKey: tenant.site.siteKey, deviceId, timezone: "Mars/Olympus" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("timezone must be an IANA time zone"),
    });
    await expect(widget.session({ siteKey: tenant.site.siteKey, deviceId, referrer: "not a url" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    for (const language of ["english", "zh_CN", "x".repeat(40), "en-<script>"]) {
      await expect(widget.session({ siteKey: tenant.site.siteKey, deviceId, language })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("language must be a BCP 47 tag"),
      });
    }
    expect(await world.deps.db.visitor.count({ where: { deviceId } })).toBe(0);

    const first = await widget.session({
      siteKey: tenant.site.siteKey,
      deviceId,
      page: "https://shop.example/p/0",
      referrer: "https://search.example/?q=shoes",
      timezone: "Asia/Shanghai",
    });
    // Browsing within the shop: each page's referrer is the previous page, which does not replace where they came from.
    for (let page = 1; page < 55; page += 1) {
      await widget.session({
        siteKey: tenant.site.siteKey,
        deviceId,
        page: `https://shop.example/p/${page}`,
        referrer: `https://shop.example/p/${page - 1}`,
      });
    }
    // A token refresh on the same page is not another view.
    await widget.session({ siteKey: tenant.site.siteKey, deviceId, page: "https://shop.example/p/54" });
    const context = await admin.caller.agent.workspace.visitor({ visitorId: first.visitorId });
    expect(context.pageViews).toHaveLength(50);
    expect(context.pageViews[0]!.url).toBe("https://shop.example/p/54");
    expect(context.pageViews.map((view) => view.url)).toEqual(
      Array.from({ length: 50 }, (_, index) => `https://shop.example/p/${54 - index}`),
    );
    expect(context).toMatchObject({
      currentPage: "https://shop.example/p/54",
      referrer: "https://search.example/?q=shoes",
      timezone: "Asia/Shanghai",
      location: { kind: "local" },
    });
    expect(await world.deps.db.pageView.count({ where: { visitorId: first.visitorId } })).toBe(50);

    const publicSession = await openVisitorSession(world.deps, {
      siteKey: tenant.site.siteKey,
      deviceId: "geo-device-0123456789",
      origin,
      requestHost: "app.test",
      userAgent: "vitest",
      ip: "81.2.69.142",
    });
    const abroad = await admin.caller.agent.workspace.visitor({ visitorId: publicSession.visitorId });
    expect(abroad).toMatchObject({ location: { kind: "public", country: "GB" }, timezone: "Europe/London" });
    const ack = await sendVisitorMessage(
      world.deps,
      { organizationId: tenant.organization.id, siteId: tenant.site.id, visitorId: publicSession.visitorId },
      { clientMsgId: clientMsgId(), body: "hello from GB" },
    );
    const row = (await admin.caller.agent.conversations.list({})).find((item) => item.id === ack.conversationId);
    expect(row?.country).toBe("GB");
  });

  it("a note never reaches the visitor, even as the latest message: not in visitor.thread, not in onThread (replay or live)", async () => {
    const { visitor, conversationId } = await newConversation("first question");
    const asVisitor = await callerFor(world.deps, { visitorToken: visitor.token });
    await admin.caller.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "NOTE-replayed" });
    const page = await asVisitor.caller.visitor.thread({});
    expect(JSON.stringify(page)).not.toContain("NOTE-");
    expect(page.messages.map((message) => message.body)).toEqual(["first question"]);

    const abort = new AbortController();
    const streaming = await callerFor(world.deps, { visitorToken: visitor.token, signal: abort.signal });
    const stream = await streaming.caller.visitor.onThread({});
    const seen: string[] = [];
    const reading = (async () => {
      for await (const item of stream as AsyncIterable<unknown>) {
        seen.push(JSON.stringify(item));
        if (JSON.stringify(item).includes("closing words")) break;
      }
    })();
    await admin.caller.agent.actions.note({ conversationId, clientMsgId: clientMsgId(), body: "NOTE-live" });
    expect(JSON.stringify(await asVisitor.caller.visitor.thread({}))).not.toContain("NOTE-");
    // The visitor's own next message arrives after the note in seq order: when it is seen, the note had its chance.
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "closing words" });
    await reading;
    abort.abort();
    expect(seen.some((item) => item.includes("first question"))).toBe(true);
    expect(seen.filter((item) => item.includes("NOTE-"))).toEqual([]);
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../server/domain/deps.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { dispatchDueDeliveries } from "../../server/domain/webhooks/dispatch.ts";
import { verifyDelivery } from "../../server/domain/webhooks/signature.ts";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A real HTTP receiver on loopback. `/flaky` fails the first two requests with 500. */
async function startReceiver() {
  const received: Received[] = [];
  let flakyFailures = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url === "/down") return res.writeHead(503).end("down");
      if (req.url === "/flaky" && flakyFailures++ < 2) return res.writeHead(500).end("try later");
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, base, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe.each(backends())("webhooks on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await world?.close();
  });

  const at = (deps: Deps, clock: Date): Deps => ({ ...deps, now: () => clock });

  it("delivers subscribed events with a valid signature, exactly once across two dispatching nodes", async () => {
    const tenant = await createTenant(world.deps);
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const hook = await admin.admin.webhooks.create({ url: `${receiver.base}/ok`, events: ["message.created", "conversation.assigned"] });
    expect(hook.secret).toMatch(/^whsec_/);
    const visitor = await tenant.visitor();
    const { conversationId } = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "hello hooks" });
    await sendAgentMessage(world.deps, tenant.agent, { conversationId, clientMsgId: clientMsgId(), body: "hi" });

    const sent = await Promise.all(world.nodes.map((node) => dispatchDueDeliveries(node)));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(3);
    const mine = receiver.received.filter((request) => request.path === "/ok" && request.body.includes(conversationId));
    expect(mine.map((request) => request.headers["x-parley-event"]).sort()).toEqual([
      "conversation.assigned",
      "message.created",
      "message.created",
    ]);
    for (const request of mine) {
      expect(verifyDelivery(hook.secret, request.body, String(request.headers["x-parley-signature"]), new Date())).toBe(true);
      expect(verifyDelivery("whsec_wrong", request.body, String(request.headers["x-parley-signature"]), new Date())).toBe(false);
    }
    expect(JSON.parse(mine[0]!.body)).toMatchObject({ event: "message.created", data: { message: { body: "hello hooks", seq: 1 } } });
    const log = await admin.admin.webhooks.deliveries({ webhookId: hook.id });
    expect(log.map((delivery) => [delivery.status, delivery.attempts, delivery.lastStatusCode])).toEqual([
      ["succeeded", 1, 204],
      ["succeeded", 1, 204],
      ["succeeded", 1, 204],
    ]);
  });

  it("retries a failing receiver with backoff, then succeeds; gives up after the last attempt", async () => {
    const tenant = await createTenant(world.deps);
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const flaky = await admin.admin.webhooks.create({ url: `${receiver.base}/flaky`, events: ["message.created"] });
    const down = await admin.admin.webhooks.create({ url: `${receiver.base}/down`, events: ["message.created"] });
    const visitor = await tenant.visitor();
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "retry me" });

    let clock = new Date();
    await dispatchDueDeliveries(at(world.deps, clock));
    let [flakyLog] = await admin.admin.webhooks.deliveries({ webhookId: flaky.id });
    expect(flakyLog).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    expect(Date.parse(flakyLog!.nextAttemptAt!) - clock.getTime()).toBe(10_000);
    // Not due yet: nothing is sent.
    expect(await dispatchDueDeliveries(at(world.deps, new Date(clock.getTime() + 5_000)))).toBe(0);
    for (const wait of [10_000, 30_000, 120_000, 600_000, 3_600_000]) {
      clock = new Date(clock.getTime() + wait);
      await dispatchDueDeliveries(at(world.deps, clock));
    }
    [flakyLog] = await admin.admin.webhooks.deliveries({ webhookId: flaky.id });
    expect(flakyLog).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 204, lastError: null });
    const [downLog] = await admin.admin.webhooks.deliveries({ webhookId: down.id });
    expect(downLog).toMatchObject({ status: "failed", attempts: 6, lastStatusCode: 503, nextAttemptAt: null });
  });

  it("sends a test ping on request, and records every change in the audit log", async () => {
    const tenant = await createTenant(world.deps);
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const hook = await admin.admin.webhooks.create({ url: `${receiver.base}/ok`, events: ["conversation.resolved"] });
    await admin.admin.webhooks.sendTest({ id: hook.id });
    await dispatchDueDeliveries(world.deps);
    const ping = receiver.received.find((request) => request.body.includes(hook.id) && request.headers["x-parley-event"] === "ping");
    expect(JSON.parse(ping!.body)).toMatchObject({ event: "ping", data: { webhookId: hook.id } });
    await admin.admin.webhooks.update({ id: hook.id, active: false });
    await admin.admin.webhooks.delete({ id: hook.id });
    const audit = await admin.admin.audit.list({ action: "webhook." });
    expect(audit.map((line) => line.action)).toEqual(["webhook.delete", "webhook.update", "webhook.create"]);
    expect(JSON.stringify(audit)).not.toContain("whsec_");
  });

  it("refuses bad input and other organizations' webhooks, storing nothing", async () => {
    const tenant = await createTenant(world.deps);
    const admin = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const before = await world.deps.db.webhook.count();
    await expect(admin.admin.webhooks.create({ url: "ftp://example.com/x", events: ["message.created"] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "url: url must be an http(s) URL",
    });
    await expect(admin.admin.webhooks.create({ url: `${receiver.base}/ok`, events: [] })).rejects.toMatchObject({
      message: "events: pick at least one event",
    });
    await expect(admin.admin.webhooks.create({ url: `${receiver.base}/ok`, events: ["message.deleted" as never] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await world.deps.db.webhook.count()).toBe(before);

    const hook = await admin.admin.webhooks.create({ url: `${receiver.base}/ok`, events: ["message.created"] });
    const globex = await createTenant(world.deps, "Globex");
    const other = await agentCallerFor(world.deps, globex.admin.email, testPassword);
    await expect(other.admin.webhooks.update({ id: hook.id, active: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.admin.webhooks.sendTest({ id: hook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.admin.webhooks.delete({ id: hook.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await other.admin.webhooks.deliveries({ webhookId: hook.id })).toEqual([]);
    expect(await other.admin.webhooks.list()).toEqual([]);
  });

  it("refuses internal receivers unless WEBHOOK_ALLOW_PRIVATE, when saved and again before each delivery", async () => {
    const guarded = { ...world.deps, allowPrivateWebhooks: false };
    const tenant = await createTenant(guarded);
    const admin = await agentCallerFor(guarded, tenant.admin.email, testPassword);
    const before = await world.deps.db.webhook.count();
    for (const url of [
      "http://127.0.0.1:6379/",
      "http://10.1.2.3/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:8080/",
      "http://localhost/x",
    ]) {
      await expect(admin.admin.webhooks.create({ url, events: ["message.created"] })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(/is an internal address; only public ones may be called \(set WEBHOOK_ALLOW_PRIVATE=1 to allow\)$/),
      });
    }
    expect(await world.deps.db.webhook.count()).toBe(before);

    // Saved while allowed (or before DNS changed): the delivery is refused, once, without calling it.
    const hook = await (await agentCallerFor(world.deps, tenant.admin.email, testPassword)).admin.webhooks.create({
      url: `${receiver.base}/ok`,
      events: ["message.created"],
    });
    await admin.admin.webhooks.sendTest({ id: hook.id });
    const calls = receiver.received.length;
    await dispatchDueDeliveries(guarded);
    expect(receiver.received.length).toBe(calls);
    const [delivery] = await admin.admin.webhooks.deliveries({ webhookId: hook.id });
    expect(delivery).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("is an internal address") });
  });
});

import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createVisitorClient } from "../../widget/sdk.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { parseBeacon, recordBeacon } from "../../server/domain/releases/beacon.ts";
import { releaseFor } from "../../server/domain/releases/choose-release.ts";
import { checkCandidate } from "../../server/domain/releases/controller.ts";
import { listReleases, promoteRelease, rollbackRelease } from "../../server/domain/releases/manage-releases.ts";
import { bundleStorageKey, registerRelease, type ReleaseManifest } from "../../server/domain/releases/register-release.ts";
import { handleWidget } from "../../server/http/widget.ts";
import { createWidgetBundleHandler } from "../../server/http/widget-bundles.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import type { Storage } from "../../server/storage/storage.ts";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const deviceIds = Array.from({ length: 1000 }, (_, i) => createHash("sha256").update(`simulated device ${i}`).digest("hex").slice(0, 32));

function manifestOf(id: string): ReleaseManifest {
  return { release: id, script: `panel.${id}.js`, stylesheet: `panel.${id}.css`, builtAt: "2026-12-03T00:00:00.000Z" };
}
const bundleBytes = (name: string) => Readable.from([Buffer.from(`/* ${name} */`)]);
const [stableId, candidateId, otherId] = ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"];

async function share(deps: Deps, percentOf: string) {
  let on = 0;
  for (const id of deviceIds) if ((await releaseFor(deps, id))?.id === percentOf) on++;
  return on / 10;
}

describe.each(backends())("widget canary releases on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let owner: Awaited<ReturnType<typeof createTenant>>;
  let stranger: Awaited<ReturnType<typeof createTenant>>;
  let storage: Storage;
  let root: string;
  const settings = { minDevices: 20, rollbackMarginPoints: 5 };

  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    owner = await createTenant(world.deps, "Owner");
    stranger = await createTenant(world.deps, "Stranger");
    root = mkdtempSync(join(tmpdir(), "parley-releases-"));
    storage = createDiskStorage(root);
  });
  afterAll(async () => {
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await world.deps.db.widgetReleaseDevice.deleteMany();
    await world.deps.db.widgetRelease.deleteMany();
    await world.deps.db.auditLog.deleteMany();
  });

  async function registerTwo() {
    expect(await registerRelease(world.deps, storage, manifestOf(stableId), bundleBytes)).toBe("new");
    expect(await registerRelease(world.deps, storage, manifestOf(candidateId), bundleBytes)).toBe("new");
  }

  it("registers the first build as stable and later ones as candidates at 0 %, bundles in the shared storage", async () => {
    await registerTwo();
    expect(await registerRelease(world.nodes[1]!, storage, manifestOf(candidateId), bundleBytes)).toBe("known");
    const rows = await listReleases(world.deps, owner.agent);
    expect(rows.map((row) => [row.id, row.status, row.percent])).toEqual(
      expect.arrayContaining([
        [stableId, "stable", 100],
        [candidateId, "candidate", 0],
      ]),
    );
    const stored = await storage.get(bundleStorageKey(`panel.${candidateId}.js`));
    expect(stored?.size).toBeGreaterThan(0);
    stored?.body.destroy();
    expect((await releaseFor(world.deps, deviceIds[0]!))?.id).toBe(stableId);
  });

  it("keeps one stable release when two nodes with different first builds register at once", async () => {
    await Promise.all([
      registerRelease(world.deps, storage, manifestOf(stableId), bundleBytes),
      registerRelease(world.nodes[1]!, storage, manifestOf(candidateId), bundleBytes),
    ]);
    expect(await world.deps.db.widgetRelease.count({ where: { status: "stable" } })).toBe(1);
    expect(await world.deps.db.widgetRelease.count({ where: { status: "candidate", percent: 0 } })).toBe(1);
  });

  it("splits 1,000 devices by the percentage (±3 points), keeps earlier devices when widening, and all go stable after a rollback", async () => {
    await registerTwo();
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 10 });
    expect(Math.abs((await share(world.deps, candidateId)) - 10)).toBeLessThanOrEqual(3);
    const first = [];
    for (const id of deviceIds) if ((await releaseFor(world.deps, id))?.id === candidateId) first.push(id);
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 30 });
    expect(Math.abs((await share(world.deps, candidateId)) - 30)).toBeLessThanOrEqual(3);
    // Another node gives every device the same answer.
    for (const id of first) expect((await releaseFor(world.nodes[1]!, id))?.id).toBe(candidateId);
    await rollbackRelease(world.deps, owner.agent, { id: candidateId });
    for (const id of first) expect((await releaseFor(world.deps, id))?.id).toBe(stableId);
    const audit = await world.deps.db.auditLog.findMany({
      where: { organizationId: owner.organization.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => row.action)).toEqual(["release.promote", "release.promote", "release.rollback"]);
  });

  it("lets only the installation's owner manage releases, one candidate rolled out at a time", async () => {
    await registerTwo();
    await registerRelease(world.deps, storage, manifestOf(otherId), bundleBytes);
    await expect(listReleases(world.deps, stranger.agent)).rejects.toThrow(/only by the organization that runs the installation/);
    await expect(promoteRelease(world.deps, stranger.agent, { id: candidateId, percent: 50 })).rejects.toThrow(/only by the organization/);
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 5 });
    await expect(promoteRelease(world.deps, owner.agent, { id: otherId, percent: 5 })).rejects.toThrow(/being rolled out/);
    await expect(rollbackRelease(world.deps, owner.agent, { id: stableId })).rejects.toThrow(/only a candidate/);
    // 100 % makes it stable; the old stable retires, and every device loads the new one.
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 100 });
    const statuses = Object.fromEntries((await listReleases(world.deps, owner.agent)).map((row) => [row.id, row.status]));
    expect(statuses).toEqual({ [stableId]: "retired", [candidateId]: "stable", [otherId]: "candidate" });
    expect(await share(world.deps, candidateId)).toBe(100);
  });

  it("counts each reporting device once, keeps a failed device failed, and ignores reports of unknown or retired releases", async () => {
    await registerTwo();
    const device = deviceIds[1]!;
    await recordBeacon(world.deps, { r: stableId, d: device, k: "ok" });
    await recordBeacon(world.deps, { r: stableId, d: device, k: "ok" });
    await recordBeacon(world.deps, { r: stableId, d: device, k: "error" });
    await recordBeacon(world.deps, { r: stableId, d: device, k: "ok" });
    await recordBeacon(world.deps, { r: "dddddddddddd", d: device, k: "boot" });
    const [row] = (await listReleases(world.deps, owner.agent)).filter((release) => release.id === stableId);
    expect(row).toMatchObject({ devices: 1, failedDevices: 1, errorRate: 1 });
    expect(await world.deps.db.widgetReleaseDevice.count({ where: { releaseId: "dddddddddddd" } })).toBe(0);
    // The device id is never stored, only a hash of it.
    expect(await world.deps.db.widgetReleaseDevice.count({ where: { deviceHash: device } })).toBe(0);
  });

  it("accepts only {r, d, k} in a beacon: no message, no stack", () => {
    expect(parseBeacon(JSON.stringify({ r: stableId, d: deviceIds[0], k: "boot" }))).toEqual({ r: stableId, d: deviceIds[0], k: "boot" });
    for (const bad of [
      JSON.stringify({ r: stableId, d: deviceIds[0], k: "error", message: "card number 4111…" }),
      JSON.stringify({ r: stableId, d: deviceIds[0], k: "crash" }),
      JSON.stringify({ r: "../x", d: deviceIds[0], k: "ok" }),
      "not json",
    ]) {
      expect(() => parseBeacon(bad)).toThrow();
    }
  });

  it("rolls a candidate back on its own when it fails more than stable by the margin over the minimum sample, once across nodes", async () => {
    await registerTwo();
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 50 });
    const on: Record<string, string[]> = { [stableId]: [], [candidateId]: [] };
    for (const id of deviceIds) on[(await releaseFor(world.deps, id))!.id]!.push(id);
    // Stable: 2 of 40 devices failed (5 %). Candidate: 10 of 19 (53 %), one device short of the sample.
    for (const [i, id] of on[stableId]!.slice(0, 40).entries())
      await recordBeacon(world.deps, { r: stableId, d: id, k: i < 2 ? "error" : "ok" });
    for (const [i, id] of on[candidateId]!.slice(0, 19).entries())
      await recordBeacon(world.deps, { r: candidateId, d: id, k: i < 10 ? "boot" : "ok" });
    expect(await checkCandidate(world.deps, settings)).toBeNull();
    await recordBeacon(world.deps, { r: candidateId, d: on[candidateId]![19]!, k: "boot" });
    // Both nodes run the controller at once: one rolls back, one audit line.
    const results = await Promise.all(world.nodes.map((node) => checkCandidate(node, settings)));
    expect(results.filter((id) => id === candidateId)).toHaveLength(1);
    const rolledBack = (await listReleases(world.deps, owner.agent)).find((row) => row.id === candidateId)!;
    expect(rolledBack).toMatchObject({ status: "rolled_back", percent: 0 });
    expect(rolledBack.rollbackReason).toBe("error rate 55.0 % over 20 devices, stable 5.0 % over 40; margin 5 points");
    const audit = await world.deps.db.auditLog.findMany({ where: { action: "release.rollback_auto" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ organizationId: owner.organization.id, actorId: null, targetId: candidateId });
    for (const id of on[candidateId]!) expect((await releaseFor(world.deps, id))!.id).toBe(stableId);
  });

  it("keeps a candidate that fails no more than stable", async () => {
    await registerTwo();
    await promoteRelease(world.deps, owner.agent, { id: candidateId, percent: 50 });
    for (const [i, id] of deviceIds.slice(0, 200).entries()) {
      const release = (await releaseFor(world.deps, id))!.id;
      await recordBeacon(world.deps, { r: release, d: id, k: i % 25 === 0 ? "error" : "ok" });
    }
    expect(await checkCandidate(world.deps, settings)).toBeNull();
    expect((await world.deps.db.widgetRelease.findUniqueOrThrow({ where: { id: candidateId } })).status).toBe("candidate");
  });
});

describe("widget release over HTTP", () => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let server: Server;
  let base: string;
  let root: string;
  let siteKey: string;

  beforeAll(async () => {
    world = await createTestWorld("sqlite");
    const tenant = await createTenant(world.deps, "Owner");
    await world.deps.db.site.update({
      where: { id: tenant.site.id },
      data: { allowedOrigins: ["https://shop.example", "http://127.0.0.1"] },
    });
    siteKey = tenant.site.siteKey;
    root = mkdtempSync(join(tmpdir(), "parley-releases-http-"));
    const storage = createDiskStorage(root);
    await registerRelease(world.deps, storage, manifestOf(stableId), bundleBytes);
    await registerRelease(world.deps, storage, manifestOf(candidateId), bundleBytes);
    await promoteRelease(world.deps, tenant.agent, { id: candidateId, percent: 40 });
    const bundles = createWidgetBundleHandler(world.deps, storage, join(root, "no-local-build"));
    server = createServer((req, res) => {
      (async () => (await handleWidget(world.deps, req, res)) || (await bundles(req, res)) || res.writeHead(418).end())().catch((error) =>
        res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("gives the loader, the H5 page and the typed client the same release for a device", async () => {
    for (const deviceId of deviceIds.slice(0, 40)) {
      const expected = (await releaseFor(world.deps, deviceId))!.id;
      const config = await (
        await fetch(`${base}/widget/config?site=${siteKey}&device=${deviceId}`, { headers: { origin: "https://shop.example" } })
      ).json();
      expect(config.release).toBe(expected);
      const page = await (await fetch(`${base}/chat/${siteKey}?deviceId=${deviceId}`)).text();
      expect(page).toContain(`<script defer src="/widget/panel.${expected}.js">`);
      expect(page).toContain(`href="/widget/panel.${expected}.css"`);
      const client = createVisitorClient({
        baseUrl: base,
        siteKey,
        deviceId,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      expect(await client.release()).toBe(expected);
      client.close();
    }
  });

  it("serves the release the loader asked for, and stable instead once that release is rolled back", async () => {
    const frame = (release: string) =>
      fetch(`${base}/widget/panel?site=${siteKey}&host=https://shop.example&release=${release}`).then((r) => r.text());
    expect(await frame(candidateId)).toContain(`src="/widget/panel.${candidateId}.js"`);
    await world.deps.db.widgetRelease.update({ where: { id: candidateId }, data: { status: "rolled_back", percent: 0 } });
    expect(await frame(candidateId)).toContain(`src="/widget/panel.${stableId}.js"`);
    expect(await frame("nonsense")).toContain(`src="/widget/panel.${stableId}.js"`);
  });

  it("serves any registered release's bundle from the shared storage, immutable; 404 for one never registered", async () => {
    const response = await fetch(`${base}/widget/panel.${candidateId}.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(await response.text()).toBe(`/* panel.${candidateId}.js */`);
    expect((await fetch(`${base}/widget/panel.dddddddddddd.js`)).status).toBe(404);
  });

  it("takes beacons (204), refuses bad ones (400) and rate-limits an address (429)", async () => {
    const send = (body: string) => fetch(`${base}/widget/beacon`, { method: "POST", body, headers: { "content-type": "text/plain" } });
    expect((await send(JSON.stringify({ r: stableId, d: deviceIds[0], k: "ok" }))).status).toBe(204);
    expect((await send(JSON.stringify({ r: stableId, d: deviceIds[0], k: "ok", message: "hi" }))).status).toBe(400);
    expect((await send("x".repeat(10_000))).status).toBe(400);
    const statuses = [];
    for (let i = 0; i < 70; i++) statuses.push((await send(JSON.stringify({ r: stableId, d: deviceIds[i], k: "ok" }))).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 204).length).toBeLessThanOrEqual(60);
  });
});

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultLimitSettings, type LimitSettings } from "../../server/domain/limits/settings.ts";
import { handleUploads } from "../../server/http/uploads.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
/** A 20 KB PNG (a real header, padded). */
const photo = Buffer.concat([png, Buffer.alloc(20 * 1024 - png.length)]);

let ipCounter = 0;
const newIp = () => `203.0.113.${++ipCounter}`;

describe.each(backends())("visitor budgets on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let server: Server;
  let base: string;
  let root: string;
  /** Each test sets the budgets it exercises, on every node. */
  const testSettings = (overrides: Partial<LimitSettings>) => {
    for (const node of world.nodes) node.limits.settings = { ...defaultLimitSettings, ...overrides };
  };

  beforeAll(async () => {
    world = await createTestWorld(backend, 2);
    // Each test's uploads come from an address of its own (X-Forwarded-For, as behind deploy/nginx.conf).
    for (const node of world.nodes) node.trustProxy = true;
    tenant = await createTenant(world.deps);
    root = mkdtempSync(join(tmpdir(), "parley-budgets-"));
    const storage = createDiskStorage(root);
    server = createServer((req, res) => {
      handleUploads(world.deps, storage, req, res).then(
        (handled) => !handled && res.writeHead(418).end(),
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => testSettings({}));
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const storedFiles = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
  const attachmentRows = () => world.deps.db.attachment.count({ where: { organizationId: tenant.organization.id } });
  let uploaderIp = newIp();
  beforeEach(() => {
    uploaderIp = newIp();
  });
  const upload = (token: string, body: BodyInit = photo) =>
    fetch(`${base}/api/uploads`, {
      method: "POST",
      body,
      headers: {
        authorization: `Bearer ${token}`,
        "x-file-name": "photo.png",
        "x-client-msg-id": clientMsgId(),
        "content-type": "image/png",
        "x-forwarded-for": uploaderIp,
      },
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);

  it("a visitor uploading far past the hourly byte budget gets 429 with Retry-After, and nothing past the budget is stored", async () => {
    testSettings({ uploadBytesPerVisitorPerHour: 64 * 1024 });
    const visitor = await tenant.visitor();
    const [rowsBefore, filesBefore] = [await attachmentRows(), storedFiles()];
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 20; i++) {
      const response = await upload(visitor.token);
      statuses.push(response.status);
      if (response.status === 429) refusal = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([201, 201, 201, ...Array(17).fill(429)]);
    expect(Number(refusal!.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await refusal!.json()).error).toMatch(/^too many files uploaded; the hourly upload budget is used up; try again in \d+ min$/);
    expect(await attachmentRows()).toBe(rowsBefore + 3);
    expect(storedFiles()).toBe(filesBefore + 3);
    // Another visitor has a budget of their own.
    expect((await upload((await tenant.visitor()).token)).status).toBe(201);
  });

  it("an upload without Content-Length is counted once stored, so it cannot slip past the byte budget", async () => {
    testSettings({ uploadBytesPerVisitorPerHour: 30 * 1024 });
    const visitor = await tenant.visitor();
    const streamed = () =>
      new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(photo));
          controller.close();
        },
      });
    expect((await upload(visitor.token, streamed())).status).toBe(201);
    expect((await upload(visitor.token, streamed())).status).toBe(201);
    const rows = await attachmentRows();
    expect((await upload(visitor.token, streamed())).status).toBe(429);
    expect((await upload(visitor.token)).status).toBe(429);
    expect(await attachmentRows()).toBe(rows);
  });

  it("files per visitor and per address: many visitors behind one address share its budget", async () => {
    testSettings({ uploadFilesPerVisitorPerHour: 2, uploadFilesPerIpPerHour: 5 });
    const first = await tenant.visitor();
    expect([(await upload(first.token)).status, (await upload(first.token)).status, (await upload(first.token)).status]).toEqual([
      201, 201, 429,
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await upload((await tenant.visitor()).token)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it("widget.session: past the budget for one address, refused with the wait; other addresses are not", async () => {
    testSettings({ sessionsPerIpPerMinute: 10 });
    const ip = newIp();
    const open = async (node: 0 | 1, from: string, i: number) =>
      (await callerFor(world.nodes[node]!, { origin: "https://shop.example", ip: from })).caller.widget.session({
        siteKey: tenant.site.siteKey,
        deviceId: `budget-device-${from}-${i}`.replace(/\./g, "_"),
      });
    for (let i = 0; i < 10; i++) await open(i % 2 ? 1 : 0, ip, i);
    const visitors = await world.deps.db.visitor.count();
    for (let i = 10; i < 30; i++) {
      await expect(open(i % 2 ? 1 : 0, ip, i)).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(/^too many chat sessions opened from this address; try again in \d+ s$/),
        cause: { details: { retryAfterSeconds: expect.any(Number) } },
      });
    }
    expect(await world.deps.db.visitor.count()).toBe(visitors);
    await expect(open(1, newIp(), 0)).resolves.toMatchObject({ token: expect.any(String) });
  });

  it("messages per visitor per minute: the next send is refused and not stored; other visitors are not held back", async () => {
    testSettings({ messagesPerVisitorPerMinute: 5 });
    const visitor = await tenant.visitor();
    const caller = async (node: 0 | 1, token: string) => (await callerFor(world.nodes[node]!, { visitorToken: token })).caller;
    for (let i = 0; i < 5; i++)
      await (await caller(i % 2 ? 1 : 0, visitor.token)).visitor.send({ clientMsgId: clientMsgId(), body: `hi ${i}` });
    const messages = await world.deps.db.message.count();
    await expect((await caller(0, visitor.token)).visitor.send({ clientMsgId: clientMsgId(), body: "one too many" })).rejects.toMatchObject(
      {
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(/^you are sending messages too fast; try again in \d+ s$/),
      },
    );
    await expect(
      (await caller(1, visitor.token)).visitor.leaveMessage({
        name: "A",
        email: "a@example.com",
        body: "offline form too",
        clientMsgId: clientMsgId(),
      }),
    ).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await world.deps.db.message.count()).toBe(messages);
    const other = await tenant.visitor();
    await expect((await caller(1, other.token)).visitor.send({ clientMsgId: clientMsgId(), body: "hello" })).resolves.toBeTruthy();
  });
});

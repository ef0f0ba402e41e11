import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logIn, sessionCookieName } from "../../server/domain/agents/sessions.ts";
import { visitorThread } from "../../server/domain/messages/visitor-thread.ts";
import { createWebhook } from "../../server/domain/webhooks/manage-webhooks.ts";
import { handleUploads } from "../../server/http/uploads.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

/** Every file under the uploads folder, partial ones included. */
function storedFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

describe.each(backends())("uploads and downloads on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let other: Awaited<ReturnType<typeof createTenant>>;
  let server: Server;
  let base: string;
  let root: string;
  let agentCookie: string;
  let otherAgentCookie: string;

  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps, "Acme");
    other = await createTenant(world.deps, "Globex");
    root = mkdtempSync(join(tmpdir(), "parley-uploads-"));
    const storage = createDiskStorage(root);
    server = createServer((req, res) => {
      handleUploads(world.deps, storage, req, res).then(
        (handled) => !handled && res.writeHead(418).end(),
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    agentCookie = `${sessionCookieName}=${(await logIn(world.deps, { email: tenant.admin.email, password: testPassword })).token}`;
    otherAgentCookie = `${sessionCookieName}=${(await logIn(world.deps, { email: other.admin.email, password: testPassword })).token}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const upload = (body: BodyInit, headers: Record<string, string>, name = "photo.png") =>
    fetch(`${base}/api/uploads`, {
      method: "POST",
      body,
      headers: { "x-file-name": encodeURIComponent(name), "x-client-msg-id": clientMsgId(), ...headers },
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const attachmentRows = () => world.deps.db.attachment.count({ where: { organizationId: tenant.organization.id } });

  it("takes a visitor's image: stored, one attachment message in their thread, served inline with safe headers", async () => {
    const visitor = await tenant.visitor();
    const response = await upload(png, { ...bearer(visitor.token), "content-type": "image/png" }, "Screenshot 1.png");
    expect(response.status).toBe(201);
    const { attachment, message } = await response.json();
    expect(attachment).toMatchObject({ name: "Screenshot 1.png", size: png.length, mime: "image/png", kind: "image" });
    expect(message.duplicate).toBe(false);
    const thread = await visitorThread(world.deps, visitor, { limit: 10 });
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ type: "attachment", senderKind: "visitor" });
    expect(JSON.parse(thread.messages[0]!.body)).toEqual(attachment);
    const conversation = await world.deps.db.conversation.findFirstOrThrow({ where: { id: message.conversationId } });
    expect(conversation.lastMessagePreview).toBe("📎 Screenshot 1.png");

    for (const headers of [bearer(visitor.token), { cookie: agentCookie }]) {
      const file = await fetch(`${base}/api/uploads/${attachment.id}`, { headers });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/png");
      expect(file.headers.get("content-disposition")).toBe(`inline; filename="Screenshot 1.png"; filename*=UTF-8''Screenshot%201.png`);
      expect(file.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    }
  });

  it("lets an agent send a PDF that the visitor then sees, served as a sandboxed download with its UTF-8 name", async () => {
    const visitor = await tenant.visitor();
    const first = await upload(png, bearer(visitor.token));
    const { message } = await first.json();
    const response = await upload(
      pdf,
      { cookie: agentCookie, "x-conversation-id": message.conversationId, "content-type": "application/pdf" },
      "报价单 (v2).pdf",
    );
    expect(response.status).toBe(201);
    const { attachment } = await response.json();
    expect(attachment).toMatchObject({ name: "报价单 (v2).pdf", mime: "application/pdf", kind: "file" });
    const thread = await visitorThread(world.deps, visitor, { limit: 10 });
    // The agent's reply took the conversation (an "assigned" event in between).
    expect(thread.messages.filter((m) => m.type !== "event").map((m) => [m.senderKind, m.type])).toEqual([
      ["visitor", "attachment"],
      ["agent", "attachment"],
    ]);
    const file = await fetch(`${base}/api/uploads/${attachment.id}`, { headers: bearer(visitor.token) });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe(
      `attachment; filename="___ (v2).pdf"; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95%20%28v2%29.pdf`,
    );
    expect(file.headers.get("content-security-policy")).toContain("sandbox");
  });

  it("refuses a file over the site's cap with 413, announced or streamed, and keeps nothing: no file, no row, no message", async () => {
    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: { attachments: { maxBytes: 2048 } } } });
    try {
      const visitor = await tenant.visitor();
      const rowsBefore = await attachmentRows();
      const filesBefore = storedFiles(root).length;
      const big = Buffer.concat([png, Buffer.alloc(4096)]);
      const announced = await upload(big, bearer(visitor.token));
      expect(announced.status).toBe(413);
      expect(await announced.json()).toEqual({ error: "file is larger than this site's limit of 2 KB" });

      // No Content-Length: the cap is enforced as the bytes arrive.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(i === 0 ? png : Buffer.alloc(1024)));
          controller.close();
        },
      });
      const streamed = await upload(stream, bearer(visitor.token));
      expect(streamed.status).toBe(413);
      expect(await streamed.json()).toEqual({ error: "file is larger than this site's limit of 2 KB" });

      expect(storedFiles(root)).toHaveLength(filesBefore);
      expect(await attachmentRows()).toBe(rowsBefore);
      expect((await visitorThread(world.deps, visitor, { limit: 10 })).messages).toEqual([]);
    } finally {
      await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: {} } });
    }
  });

  it("sniffs the type from the content: a .png that is really HTML or script is refused, and a type the site does not allow too", async () => {
    const visitor = await tenant.visitor();
    const rowsBefore = await attachmentRows();
    const filesBefore = storedFiles(root).length;
    const html = await upload(Buffer.from("<!doctype html><script>alert(document.cookie)</script>"), {
      ...bearer(visitor.token),
      "content-type": "image/png",
    });
    expect(html.status).toBe(415);
    expect((await html.json()).error).toMatch(/^HTML files are not allowed here/);
    const script = await upload(Buffer.from("alert(document.cookie)"), { ...bearer(visitor.token), "content-type": "image/png" });
    expect(script.status).toBe(415);
    expect(await script.json()).toEqual({ error: `the file's content is text/plain, which does not match its name "photo.png"` });
    const lying = await upload(pdf, { ...bearer(visitor.token), "content-type": "image/png" }, "doc");
    expect(lying.status).toBe(415);
    expect(await lying.json()).toEqual({ error: "the file's content is application/pdf, not image/png as declared" });

    await world.deps.db.site.update({
      where: { id: tenant.site.id },
      data: { widgetSettings: { attachments: { allowedTypes: ["image/png"] } } },
    });
    try {
      const refused = await upload(pdf, bearer(visitor.token), "doc.pdf");
      expect(refused.status).toBe(415);
      expect(await refused.json()).toEqual({ error: "application/pdf files are not allowed here; allowed: image/png" });
    } finally {
      await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: {} } });
    }
    expect(storedFiles(root)).toHaveLength(filesBefore);
    expect(await attachmentRows()).toBe(rowsBefore);
    expect((await visitorThread(world.deps, visitor, { limit: 10 })).messages).toEqual([]);
  });

  it("needs a valid caller: no credentials or a bad token → 401, uploads turned off → 403, an agent names the conversation", async () => {
    const missing = await upload(png, {});
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatch(/^sign in, or send a visitor token/);
    const wrong = await upload(png, bearer("not-a-token"));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "visitor token is invalid" });
    const noConversation = await upload(png, { cookie: agentCookie });
    expect(noConversation.status).toBe(400);
    expect((await noConversation.json()).error).toMatch(/X-Conversation-Id/);
    const noId = await fetch(`${base}/api/uploads`, {
      method: "POST",
      body: png,
      headers: { ...bearer((await tenant.visitor()).token), "x-file-name": "a.png" },
    });
    expect(noId.status).toBe(400);

    await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: { attachments: { enabled: false } } } });
    try {
      const off = await upload(png, bearer((await tenant.visitor()).token));
      expect(off.status).toBe(403);
      expect(await off.json()).toEqual({ error: "file uploads are turned off for this site" });
    } finally {
      await world.deps.db.site.update({ where: { id: tenant.site.id }, data: { widgetSettings: {} } });
    }
  });

  it("keeps a conversation's files from another organization's agent and from another visitor", async () => {
    const visitor = await tenant.visitor();
    const { attachment, message } = await (await upload(png, bearer(visitor.token))).json();
    const url = `${base}/api/uploads/${attachment.id}`;
    expect((await fetch(url)).status).toBe(401);
    const foreignAgent = await fetch(url, { headers: { cookie: otherAgentCookie } });
    expect(foreignAgent.status).toBe(404);
    expect(await foreignAgent.json()).toEqual({ error: "file not found" });
    expect((await fetch(url, { headers: bearer((await tenant.visitor()).token) })).status).toBe(404);
    expect((await fetch(url, { headers: bearer((await other.visitor()).token) })).status).toBe(404);
    // Nor may that agent put a file into it.
    const intrude = await upload(png, { cookie: otherAgentCookie, "x-conversation-id": message.conversationId });
    expect(intrude.status).toBe(404);
  });

  it("stores a retried clientMsgId once: one message, one row, one file; the retry gets the first message back", async () => {
    const visitor = await tenant.visitor();
    const id = clientMsgId();
    const rowsBefore = await attachmentRows();
    const filesBefore = storedFiles(root).length;
    const send = () => upload(png, { ...bearer(visitor.token), "x-client-msg-id": id });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const [a, b] = [await first.json(), await second.json()];
    expect(b.message).toMatchObject({ id: a.message.id, seq: a.message.seq, duplicate: true });
    // Concurrent retries race past the early check; the loser's file and row are removed.
    const racing = clientMsgId();
    const raced = await Promise.all([1, 2, 3].map(() => upload(png, { ...bearer(visitor.token), "x-client-msg-id": racing })));
    expect(raced.map((r) => r.status).sort()).toContain(201);
    expect((await visitorThread(world.deps, visitor, { limit: 10 })).messages).toHaveLength(2);
    expect(await attachmentRows()).toBe(rowsBefore + 2);
    expect(storedFiles(root)).toHaveLength(filesBefore + 2);
  });

  it("tells webhooks about the attachment's metadata, never its bytes", async () => {
    await createWebhook(world.deps, tenant.agent, { url: "https://hooks.example/parley", events: ["message.created"] });
    const visitor = await tenant.visitor();
    const { attachment } = await (await upload(png, bearer(visitor.token), "receipt.png")).json();
    const deliveries = await world.deps.db.webhookDelivery.findMany({
      where: { organizationId: tenant.organization.id, event: "message.created" },
    });
    const payload = deliveries
      .map((d) => d.payload as { data?: { attachment?: unknown }; attachment?: unknown })
      .find((p) => JSON.stringify(p).includes(attachment.id));
    expect(JSON.stringify(payload)).toContain('"receipt.png"');
    expect(JSON.stringify(payload)).not.toContain(png.toString("base64").slice(0, 20));
    expect(JSON.stringify(payload)).toContain(`"attachment":{"id":"${attachment.id}"`);
  });
});

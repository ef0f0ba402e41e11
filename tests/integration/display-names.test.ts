import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleUploads } from "../../server/http/uploads.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

/** `invoice\u202Efdp.txt` reads as "invoicetxt.pdf": the spoof the upload, the download and the inbox must not show. */
const spoofed = "invoice\u202Efdp.txt";

describe.each(backends())("display spoofing with bidi and zero-width characters on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let server: Server;
  let base: string;
  let root: string;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    tenant = await createTenant(world.deps);
    root = mkdtempSync(join(tmpdir(), "parley-names-"));
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
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await world?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("a file name with a right-to-left override is stored, listed and downloaded without it", async () => {
    const visitor = await tenant.visitor();
    const response = await fetch(`${base}/api/uploads`, {
      method: "POST",
      body: "totally a pdf\n",
      headers: {
        authorization: `Bearer ${visitor.token}`,
        "content-type": "text/plain",
        "x-file-name": encodeURIComponent(spoofed),
        "x-client-msg-id": clientMsgId(),
      },
    });
    expect(response.status).toBe(201);
    const { attachment, message } = await response.json();
    expect(attachment.name).toBe("invoicefdp.txt");
    const row = await world.deps.db.attachment.findUniqueOrThrow({ where: { id: attachment.id } });
    expect(row.name).toBe("invoicefdp.txt");
    expect((await world.deps.db.conversation.findUniqueOrThrow({ where: { id: message.conversationId } })).lastMessagePreview).toBe(
      "📎 invoicefdp.txt",
    );

    // A name stored with the override before this change still downloads under a clean name.
    await world.deps.db.attachment.update({ where: { id: attachment.id }, data: { name: spoofed } });
    const download = await fetch(`${base}/api/uploads/${attachment.id}`, { headers: { authorization: `Bearer ${visitor.token}` } });
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="invoicefdp.txt"; filename*=UTF-8''invoicefdp.txt`);
  });

  it("display names from identify, the offline form and sign-up lose bidi and zero-width characters", async () => {
    const visitor = await tenant.visitor();
    const { caller } = await callerFor(world.deps, { visitorToken: visitor.token });
    await caller.visitor.identify({ id: "user-1", name: "Ad\u200Bmin \u202Eroppus" });
    const agent = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    expect((await agent.agent.workspace.visitor({ visitorId: visitor.visitorId })).name).toBe("Admin roppus");
    // Stored before this change: the inbox's visitor panel shows it clean all the same.
    await world.deps.db.visitor.update({ where: { id: visitor.visitorId }, data: { name: "Sup\u2066port\u2069 \u200Fteam" } });
    expect((await agent.agent.workspace.visitor({ visitorId: visitor.visitorId })).name).toBe("Support team");
    // A name of nothing but invisible characters is no name.
    await expect(
      caller.visitor.leaveMessage({ name: "\u3164\u200B", email: "x@shop.example", body: "hi", clientMsgId: clientMsgId() }),
    ).rejects.toThrow(/your name is required/);
  });
});

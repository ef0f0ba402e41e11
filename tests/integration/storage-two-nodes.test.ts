import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { handleUploads } from "../../server/http/uploads.ts";
import { createStorage } from "../../server/storage/index.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { startLocalS3 } from "../support/s3.ts";
import { mysqlUrl } from "../support/test-database.ts";

/**
 * Two nodes as production builds them: each its own database client, its own DATA_DIR and the storage its own
 * configuration picks (server/storage/index.ts). A file uploaded through node A must download through node B, as
 * behind deploy/nginx.conf (no sticky sessions). With per-node disks, B answered 404.
 */
async function serve(deps: Deps, env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), "parley-node-"));
  const config = loadConfig({
    DATABASE_URL: "mysql://root@127.0.0.1:3306/unused",
    REDIS_URL: "redis://127.0.0.1:6379",
    DATA_DIR: dataDir,
    ...env,
  });
  const storage = createStorage(config.storage, deps.db);
  const server: Server = createServer((req, res) => {
    handleUploads(deps, storage, req, res).then(
      (handled) => !handled && res.writeHead(418).end(),
      (error) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    kind: config.storage.kind,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.skipIf(!mysqlUrl)("uploads shared by two nodes on MySQL", () => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let s3: Awaited<ReturnType<typeof startLocalS3>>;

  beforeAll(async () => {
    world = await createTestWorld("mysql", 2);
    tenant = await createTenant(world.deps, "Acme");
    s3 = await startLocalS3();
  });
  afterAll(async () => {
    await s3?.close();
    await world?.close();
  });

  const cases = [
    { name: "no object store: the database", env: () => ({}), kind: "database" },
    { name: "an S3-compatible bucket", env: () => s3.env, kind: "s3" },
  ];

  it.each(cases)("upload through node A, download through node B: $name", async ({ env, kind }) => {
    const [a, b] = [await serve(world.nodes[0]!, env()), await serve(world.nodes[1]!, env())];
    try {
      expect([a.kind, b.kind]).toEqual([kind, kind]);
      const visitor = await tenant.visitor();
      // Past one database chunk and one S3 part; text/plain passes every site's default type policy.
      const bytes = Buffer.from(randomBytes(3 * 1024 * 1024).toString("base64"));
      const uploaded = await fetch(`${a.url}/api/uploads`, {
        method: "POST",
        body: bytes,
        headers: {
          authorization: `Bearer ${visitor.token}`,
          "content-type": "text/plain",
          "x-file-name": "notes.txt",
          "x-client-msg-id": clientMsgId(),
        },
      });
      expect(uploaded.status).toBe(201);
      const { attachment } = await uploaded.json();
      const downloaded = await fetch(`${b.url}/api/uploads/${attachment.id}`, { headers: { authorization: `Bearer ${visitor.token}` } });
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers.get("content-length")).toBe(String(bytes.length));
      expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

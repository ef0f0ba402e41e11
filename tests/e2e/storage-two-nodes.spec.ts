import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ulid } from "ulid";
import { startLocalS3 } from "../support/s3.ts";
import { createClusterEnvironment, e2eMysqlUrl, e2eRedisUrl } from "./support/mysql.ts";
import { startServer } from "./support/server.ts";

/**
 * Two real server processes, each with its own DATA_DIR, sharing MySQL and Redis as N nodes behind nginx do. A file
 * uploaded through node A downloads through node B with the same bytes: from the database when no object store is
 * configured, and from an S3-compatible bucket (s3rver) when one is. With per-node disks, B answered 404.
 */
for (const storage of ["database", "s3"] as const) {
  test(`uploads shared by two nodes (${storage}): through A, back through B`, async () => {
    test.skip(!e2eMysqlUrl || !e2eRedisUrl, "needs DATABASE_URL=mysql://… and REDIS_URL (set by .ci/run)");
    test.setTimeout(120_000);
    const cluster = await createClusterEnvironment();
    const s3 = storage === "s3" ? await startLocalS3() : null;
    const env = { ...cluster.env, ...(s3?.env ?? {}) };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      expect(a.logs.join("")).toContain(storage === "s3" ? `"uploads":"s3 ${s3!.endpoint}` : `"uploads":"database"`);
      // One visitor session over plain HTTP, as the widget opens it.
      const session = await fetch(`${a.url}/api/trpc/widget.session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: a.url },
        body: JSON.stringify({ siteKey: "demo", deviceId: randomBytes(12).toString("hex") }),
      });
      expect(session.status).toBe(200);
      const token: string = (await session.json()).result.data.token;
      const bytes = Buffer.from(randomBytes(2 * 1024 * 1024).toString("base64"));
      const uploaded = await fetch(`${a.url}/api/uploads`, {
        method: "POST",
        body: bytes,
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain", "x-file-name": "log.txt", "x-client-msg-id": ulid() },
      });
      expect(uploaded.status).toBe(201);
      const { attachment } = await uploaded.json();
      const downloaded = await fetch(`${b.url}/api/uploads/${attachment.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(downloaded.status).toBe(200);
      expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    } catch (error) {
      // The nodes' own words, for whoever reads a failure.
      console.error(`node A:\n${a.logs.join("")}\nnode B:\n${b.logs.join("")}`);
      throw error;
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await s3?.close();
      await cluster.drop();
    }
  });
}

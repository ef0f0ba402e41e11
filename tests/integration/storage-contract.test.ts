import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseStorage, sweepAbandonedWrites } from "../../server/storage/database-storage.ts";
import { createDiskStorage } from "../../server/storage/disk-storage.ts";
import { createS3Storage } from "../../server/storage/s3-storage.ts";
import { newStorageKey, type Storage } from "../../server/storage/storage.ts";
import { createDb, type Db } from "../../server/store/db.ts";
import { startLocalS3 } from "../support/s3.ts";
import { backends, createTestDatabase, type TestDatabase } from "../support/test-database.ts";

/** One implementation under test, and how to see whatever it stored (finished or not) for the no-leftovers checks. */
interface Subject {
  name: string;
  setUp(): Promise<{ storage: Storage; stored(): Promise<number>; close(): Promise<void> }>;
}

const disk: Subject = {
  name: "disk",
  async setUp() {
    const root = mkdtempSync(join(tmpdir(), "parley-storage-"));
    return {
      storage: createDiskStorage(root),
      stored: async () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length,
      close: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
};

const database = (backend: "sqlite" | "mysql"): Subject => ({
  name: `database (${backend})`,
  async setUp() {
    const testDatabase: TestDatabase = await createTestDatabase(backend);
    const db: Db = await createDb(testDatabase.url);
    // A small chunk size, so a modest file spans many rows.
    return {
      storage: createDatabaseStorage(db, 64 * 1024),
      stored: async () => (await db.storedFileChunk.count()) + (await db.storedFile.count()),
      async close() {
        await db.$disconnect();
        await testDatabase.drop();
      },
    };
  },
});

const s3: Subject = {
  name: "s3 (s3rver)",
  async setUp() {
    const server = await startLocalS3();
    const options = {
      bucket: server.bucket,
      endpoint: server.endpoint,
      region: "us-east-1",
      credentials: server.credentials,
      forcePathStyle: true,
      prefix: "uploads/",
    };
    const storage = createS3Storage(options);
    const admin = new S3Client({ region: "us-east-1", endpoint: server.endpoint, forcePathStyle: true, credentials: server.credentials });
    return {
      storage,
      stored: async () => (await admin.send(new ListObjectsV2Command({ Bucket: server.bucket }))).KeyCount ?? 0,
      async close() {
        storage.close();
        admin.destroy();
        await server.close();
      },
    };
  },
};

/** `bytes` as a stream of `chunk`-sized pieces, produced lazily as the reader asks (like a request body). */
function streamOf(bytes: Buffer, chunk = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += chunk) yield bytes.subarray(offset, offset + chunk);
    })(),
    { objectMode: false },
  );
}

/** Yields `before` bytes, then fails, as a request cut off mid-upload (or refused as too large) does. */
function failingStream(before: number): Readable {
  return Readable.from(
    (async function* () {
      yield randomBytes(before);
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error("connection reset");
    })(),
    { objectMode: false },
  );
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const subjects: Subject[] = [disk, ...backends().map(database), s3];

describe.each(subjects)("storage contract: $name", (subject) => {
  let storage: Storage;
  let stored: () => Promise<number>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ storage, stored, close } = await subject.setUp());
  });
  afterAll(async () => {
    await close?.();
  });

  it("gives back exactly the bytes written, with their size, for a file larger than a chunk and an S3 part", async () => {
    const bytes = randomBytes(11 * 1024 * 1024 + 12_345);
    const key = newStorageKey();
    await storage.put(key, streamOf(bytes));
    const file = await storage.get(key);
    expect(file?.size).toBe(bytes.length);
    expect((await readAll(file!.body)).equals(bytes)).toBe(true);
    await storage.delete(key);
  });

  it("stores an empty file and a one-byte file", async () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from("x")]) {
      const key = newStorageKey();
      await storage.put(key, streamOf(bytes));
      const file = await storage.get(key);
      expect(file?.size).toBe(bytes.length);
      expect((await readAll(file!.body)).equals(bytes)).toBe(true);
      await storage.delete(key);
    }
  });

  it("answers null for a key that holds nothing", async () => {
    expect(await storage.get(newStorageKey())).toBeNull();
  });

  it("deletes, and deleting a missing key is not an error", async () => {
    const key = newStorageKey();
    await storage.put(key, streamOf(Buffer.from("to be deleted")));
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
    await expect(storage.delete(newStorageKey())).resolves.toBeUndefined();
  });

  it("keeps nothing of a write whose stream fails, small or past the first chunk and part", async () => {
    const before = await stored();
    for (const size of [1000, 6 * 1024 * 1024]) {
      const key = newStorageKey();
      await expect(storage.put(key, failingStream(size))).rejects.toThrow();
      expect(await storage.get(key)).toBeNull();
    }
    expect(await stored()).toBe(before);
  });

  it("keeps files apart: two keys, two contents", async () => {
    const [a, b] = [newStorageKey(), newStorageKey()];
    await Promise.all([storage.put(a, streamOf(Buffer.from("first"))), storage.put(b, streamOf(Buffer.from("second")))]);
    expect(String(await readAll((await storage.get(a))!.body))).toBe("first");
    expect(String(await readAll((await storage.get(b))!.body))).toBe("second");
    await Promise.all([storage.delete(a), storage.delete(b)]);
  });

  it("refuses a key it did not make (no path or prefix tricks)", async () => {
    for (const key of ["../../etc/passwd", "a/b", "", "x".repeat(31)]) {
      await expect(storage.put(key, streamOf(Buffer.from("no")))).rejects.toThrow(/invalid storage key/);
      await expect(storage.get(key)).rejects.toThrow(/invalid storage key/);
    }
  });
});

describe.each(backends())("database storage on %s: writes a dead node left behind", (backend) => {
  it("are swept once older than the cutoff; finished files and writes in progress stay", async () => {
    const testDatabase = await createTestDatabase(backend);
    const db = await createDb(testDatabase.url);
    try {
      const storage = createDatabaseStorage(db, 1024);
      const finished = newStorageKey();
      await storage.put(finished, streamOf(randomBytes(5000), 1000));
      // A node died mid-upload an hour ago, and another upload is arriving right now.
      const [dead, live] = [newStorageKey(), newStorageKey()];
      const hourAgo = new Date(Date.now() - 3_600_000);
      await db.storedFile.create({ data: { key: dead, createdAt: hourAgo } });
      await db.storedFile.create({ data: { key: live } });
      for (const key of [dead, live]) await db.storedFileChunk.create({ data: { key, index: 0, data: new Uint8Array(1024) } });
      expect(await storage.get(dead)).toBeNull();
      expect(await sweepAbandonedWrites(db, new Date(Date.now() - 60_000))).toBe(1);
      expect(await db.storedFileChunk.count({ where: { key: dead } })).toBe(0);
      expect(await db.storedFile.count({ where: { key: dead } })).toBe(0);
      expect(await db.storedFileChunk.count({ where: { key: live } })).toBe(1);
      expect((await readAll((await storage.get(finished))!.body)).length).toBe(5000);
    } finally {
      await db.$disconnect();
      await testDatabase.drop();
    }
  });
});

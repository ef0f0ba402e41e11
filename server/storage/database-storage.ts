import { Readable } from "node:stream";
import type { Db } from "../store/db.ts";
import { storageKeyPattern, type Storage } from "./storage.ts";

/** 256 KB a row: well under MariaDB's default max_allowed_packet (16 MB), few rows for a 10 MB file. */
export const databaseChunkBytes = 256 * 1024;

function checkKey(key: string) {
  if (!storageKeyPattern.test(key)) throw new Error("invalid storage key");
}

/**
 * Files as chunked rows (StoredFileChunk), for N nodes sharing MySQL when no object store is configured. A write
 * claims the key with an incomplete StoredFile row, inserts each chunk as it fills, then marks the row complete, which
 * makes the file visible; a failed write deletes what it wrote, and one whose node died is swept later
 * (sweepAbandonedWrites). A read fetches one chunk per step as the response drains, so memory stays at a chunk or two per transfer.
 */
export function createDatabaseStorage(db: Db, chunkBytes = databaseChunkBytes): Storage {
  return {
    async put(key, body) {
      checkKey(key);
      let index = 0;
      let size = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async (data: Buffer) => {
        await db.storedFileChunk.create({ data: { key, index, data: new Uint8Array(data) } });
        index++;
      };
      await db.storedFile.create({ data: { key, createdAt: new Date() } });
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          pending.push(chunk);
          pendingBytes += chunk.length;
          size += chunk.length;
          while (pendingBytes >= chunkBytes) {
            const joined = Buffer.concat(pending);
            await flush(joined.subarray(0, chunkBytes));
            const rest = joined.subarray(chunkBytes);
            pending = rest.length ? [rest] : [];
            pendingBytes = rest.length;
          }
        }
        if (pendingBytes > 0) await flush(Buffer.concat(pending));
        await db.storedFile.update({ where: { key }, data: { size, chunks: index, complete: true } });
      } catch (error) {
        await db.storedFileChunk.deleteMany({ where: { key } }).catch(() => {});
        await db.storedFile.deleteMany({ where: { key } }).catch(() => {});
        throw error;
      }
    },
    async get(key) {
      checkKey(key);
      const file = await db.storedFile.findUnique({ where: { key } });
      if (!file?.complete) return null;
      async function* chunks() {
        for (let index = 0; index < file!.chunks; index++) {
          const row = await db.storedFileChunk.findUnique({ where: { key_index: { key, index } }, select: { data: true } });
          if (!row) throw new Error(`stored file ${key} lost chunk ${index}`);
          yield Buffer.from(row.data);
        }
      }
      return { body: Readable.from(chunks(), { objectMode: false }), size: file.size };
    },
    async delete(key) {
      checkKey(key);
      // The file row first: from then on no reader starts, and the chunks go after.
      await db.storedFile.deleteMany({ where: { key } });
      await db.storedFileChunk.deleteMany({ where: { key } });
    },
  };
}

/**
 * Removes writes that never finished: a node that died mid-upload could not clean up after itself. A write still
 * incomplete after `olderThan` is abandoned (uploads take seconds to minutes). Returns how many were removed.
 */
export async function sweepAbandonedWrites(db: Db, olderThan: Date, batch = 100): Promise<number> {
  const abandoned = await db.storedFile.findMany({
    where: { complete: false, createdAt: { lt: olderThan } },
    select: { key: true },
    take: batch,
  });
  const keys = abandoned.map((row) => row.key);
  if (keys.length === 0) return 0;
  await db.storedFileChunk.deleteMany({ where: { key: { in: keys } } });
  await db.storedFile.deleteMany({ where: { key: { in: keys }, complete: false } });
  return keys.length;
}

// Upload storage benchmark: one large file written and read back through each Storage (disk, database on SQLite and
// — with DATABASE_URL=mysql://… — MariaDB, S3 against a local s3rver), streamed from a generator that never holds the
// file. Reports MB/s, CPU ms per MB (this process: s3rver runs in it too, so S3's figure includes the server's side)
// the peak RSS growth during each transfer and what the heap still holds after it (the check that nothing buffers the
// whole file: garbage and the database's own caches grow RSS, a buffered file would stay held). Ratios are against disk
// in the same run. Writes bench/results/storage.json.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createDatabaseStorage } from "../server/storage/database-storage.ts";
import { createDiskStorage } from "../server/storage/disk-storage.ts";
import { createS3Storage } from "../server/storage/s3-storage.ts";
import { newStorageKey, type Storage } from "../server/storage/storage.ts";
import { createDb } from "../server/store/db.ts";
import { startLocalS3 } from "../tests/support/s3.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";

const fileMb = Number(process.env.BENCH_FILE_MB ?? 64);
const chunk = randomBytes(64 * 1024);

function source(): Readable {
  const chunks = (fileMb * 1024 * 1024) / chunk.length;
  return Readable.from(
    (function* () {
      for (let i = 0; i < chunks; i++) yield chunk;
    })(),
    { objectMode: false },
  );
}

async function measure(run: () => Promise<void>) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  global.gc?.();
  // What is still held once garbage is collected: a store that buffered the file would hold about its size.
  const heldMb = Math.round((process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore) / 1024 / 1024);
  return {
    mbPerS: Math.round((fileMb / ms) * 1000),
    cpuMsPerMb: +((used.user + used.system) / 1000 / fileMb).toFixed(2),
    peakRssGrowthMb: Math.round((peak - rssBefore) / 1024 / 1024),
    heldAfterGcMb: heldMb,
  };
}

async function bench(name: string, storage: Storage) {
  const key = newStorageKey();
  const write = await measure(() => storage.put(key, source()));
  const read = await measure(async () => {
    const file = await storage.get(key);
    for await (const _ of file!.body) void _;
  });
  await storage.delete(key);
  console.log(`${name.padEnd(18)} write ${JSON.stringify(write)} read ${JSON.stringify(read)}`);
  return { name, write, read };
}

const results = [];
const root = mkdtempSync(join(tmpdir(), "parley-bench-storage-"));
results.push(await bench("disk", createDiskStorage(root)));
rmSync(root, { recursive: true, force: true });
for (const backend of process.env.DATABASE_URL?.startsWith("mysql") ? (["sqlite", "mysql"] as const) : (["sqlite"] as const)) {
  const database = await createTestDatabase(backend);
  const db = await createDb(database.url);
  results.push(await bench(`database (${backend})`, createDatabaseStorage(db)));
  await db.$disconnect();
  await database.drop();
}
const s3 = await startLocalS3();
const s3Storage = createS3Storage({
  bucket: s3.bucket,
  endpoint: s3.endpoint,
  region: "us-east-1",
  credentials: s3.credentials,
  forcePathStyle: true,
  prefix: "uploads/",
});
results.push(await bench("s3 (s3rver)", s3Storage));
s3Storage.close();
await s3.close();

const disk = results[0]!;
const report = {
  at: new Date().toISOString(),
  fileMb,
  results: results.map((r) => ({
    ...r,
    cpuVsDisk: {
      write: +(r.write.cpuMsPerMb / disk.write.cpuMsPerMb).toFixed(1),
      read: +(r.read.cpuMsPerMb / disk.read.cpuMsPerMb).toFixed(1),
    },
  })),
};
mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(join(import.meta.dirname, "results", "storage.json"), `${JSON.stringify(report, null, 2)}\n`);

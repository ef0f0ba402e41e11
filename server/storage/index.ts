import type { StorageConfig } from "../config.ts";
import type { Db } from "../store/db.ts";
import { createDatabaseStorage } from "./database-storage.ts";
import { createDiskStorage } from "./disk-storage.ts";
import { createS3Storage } from "./s3-storage.ts";
import type { Storage } from "./storage.ts";

/** The process's upload storage, as configured (server/config.ts decides which). */
export function createStorage(config: StorageConfig, db: Db): Storage {
  if (config.kind === "s3") return createS3Storage(config);
  if (config.kind === "database") return createDatabaseStorage(db);
  return createDiskStorage(config.root);
}

/** For the start-up line: where files go, without credentials. */
export function describeStorage(config: StorageConfig): string {
  if (config.kind === "s3") return `s3 ${config.endpoint ?? "aws"}/${config.bucket}/${config.prefix}`;
  return config.kind === "disk" ? `disk ${config.root}` : "database";
}

import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where uploaded bytes live, by key. Keys are made here (random, URL-safe), never taken from a user, so no name can
 * reach outside the store. Three implementations pass one contract test (tests/integration/storage-contract.test.ts):
 * local disk (the embedded default), chunked database rows (N nodes on MySQL) and an S3-compatible bucket.
 */
export type Storage = {
  /** Writes the whole stream under `key`. If the stream fails, nothing is left under the key. */
  put(key: string, body: Readable): Promise<void>;
  /** The stored bytes, or null when the key holds nothing. */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
};

export const storageKeyPattern = /^[A-Za-z0-9_-]{32}$/;

export function newStorageKey(): string {
  return randomBytes(24).toString("base64url");
}

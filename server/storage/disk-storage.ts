import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { storageKeyPattern, type Storage } from "./storage.ts";

/**
 * Files under `root` (`<DATA_DIR>/uploads`), fanned out by the key's first two characters. A write goes to a
 * `.partial` file renamed into place when complete, so a reader never sees half a file and a failed write leaves none.
 */
export function createDiskStorage(root: string): Storage {
  const pathOf = (key: string) => {
    if (!storageKeyPattern.test(key)) throw new Error("invalid storage key");
    return join(root, key.slice(0, 2), key);
  };
  return {
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(join(root, key.slice(0, 2)), { recursive: true });
      const partial = `${path}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const { size } = await stat(path);
        return { body: createReadStream(path), size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

// Whether the production build (Next's .next/ and the server bundle dist/server.mjs) is older than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const sources = [
  "app",
  "server",
  "public",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "prisma/schema.prisma",
  "tsconfig.json",
];
const skip = new Set(["node_modules", "generated"]);
export const buildStamp = "dist/.build-stamp";

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (!skip.has(entry)) newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function buildIsCurrent(root) {
  const stamp = join(root, buildStamp);
  if (!existsSync(stamp) || !existsSync(join(root, ".next/BUILD_ID"))) return false;
  const built = statSync(stamp).mtimeMs;
  return sources.every((source) => newestMtime(join(root, source)) <= built);
}

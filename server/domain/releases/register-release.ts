import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { Storage } from "../../storage/storage.ts";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../errors.ts";

/** What scripts/build-widget.mjs writes as public/widget/manifest.json. */
export type ReleaseManifest = { release: string; script: string; stylesheet: string; builtAt: string };

export const releaseIdPattern = /^[0-9a-f]{12}$/;
export const bundleNamePattern = /^panel\.[0-9a-f]{12}\.(js|css)$/;

/** Where a bundle's bytes live in the shared storage: a fixed key per file name, the same on every node. */
export function bundleStorageKey(file: string): string {
  return createHash("sha256").update(`widget-bundle:${file}`).digest("base64url").slice(0, 32);
}

async function keep(storage: Storage, file: string, open: () => Readable) {
  const key = bundleStorageKey(file);
  const existing = await storage.get(key);
  if (existing) return void existing.body.destroy();
  try {
    await storage.put(key, open());
  } catch (error) {
    // Another node starting with the same build may be storing it: give its write a few seconds to finish.
    for (let attempt = 0; attempt < 40; attempt++) {
      const raced = await storage.get(key);
      if (raced) return void raced.body.destroy();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw error;
  }
}

/**
 * Called by every node as it starts, with the build it serves: copies the bundles into the shared storage (so a
 * node still on an older build can serve this one, and the other way round, during a rolling deploy) and records
 * the release. The first release ever becomes stable; later ones arrive as candidates at 0 % until the
 * installation owner promotes them. Registering a known release changes nothing.
 */
export async function registerRelease(
  deps: Deps,
  storage: Storage,
  manifest: ReleaseManifest,
  open: (file: string) => Readable,
): Promise<"new" | "known"> {
  if (
    !releaseIdPattern.test(manifest.release) ||
    !bundleNamePattern.test(manifest.script) ||
    !bundleNamePattern.test(manifest.stylesheet)
  ) {
    throw new Error("widget manifest: unexpected release id or bundle names");
  }
  if (await deps.db.widgetRelease.findUnique({ where: { id: manifest.release }, select: { id: true } })) return "known";
  await keep(storage, manifest.script, () => open(manifest.script));
  await keep(storage, manifest.stylesheet, () => open(manifest.stylesheet));
  const hasStable = (await deps.db.widgetRelease.count({ where: { status: "stable" } })) > 0;
  const now = deps.now();
  try {
    await deps.db.widgetRelease.create({
      data: {
        id: manifest.release,
        status: hasStable ? "candidate" : "stable",
        percent: hasStable ? 0 : 100,
        script: manifest.script,
        stylesheet: manifest.stylesheet,
        builtAt: new Date(manifest.builtAt),
        createdAt: now,
        promotedAt: hasStable ? null : now,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return "known";
    throw error;
  }
  if (!hasStable) await yieldToEarlierStable(deps, manifest.release);
  return "new";
}

/**
 * Two nodes with two different first builds, starting at once, may both have found no stable release: the one
 * registered first stays stable, the other steps back to a candidate at 0 %.
 */
async function yieldToEarlierStable(deps: Deps, id: string) {
  const stables = await deps.db.widgetRelease.findMany({
    where: { status: "stable" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (stables.length > 1 && stables[0]!.id !== id) {
    await deps.db.widgetRelease.updateMany({
      where: { id, status: "stable", version: 0 },
      data: { status: "candidate", percent: 0, promotedAt: null, version: { increment: 1 } },
    });
  }
}

import type { Deps } from "../deps.ts";

export type ReleaseSample = { devices: number; failed: number; errorRate: number };

/** Devices that reported on each release and how many of them failed, by release id. */
export async function releaseSamples(deps: Deps, releaseIds: string[]): Promise<Map<string, ReleaseSample>> {
  const groups = await deps.db.widgetReleaseDevice.groupBy({
    by: ["releaseId", "failed"],
    where: { releaseId: { in: releaseIds } },
    _count: { _all: true },
  });
  const samples = new Map<string, ReleaseSample>(releaseIds.map((id) => [id, { devices: 0, failed: 0, errorRate: 0 }]));
  for (const group of groups) {
    const sample = samples.get(group.releaseId)!;
    sample.devices += group._count._all;
    if (group.failed) sample.failed += group._count._all;
  }
  for (const sample of samples.values()) sample.errorRate = sample.devices ? sample.failed / sample.devices : 0;
  return samples;
}

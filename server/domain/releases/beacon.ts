import { z } from "zod";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { deviceHashOf, deviceIdPattern } from "./bucket.ts";
import { releaseIdPattern } from "./register-release.ts";

/**
 * What the panel's guard (widget/release-guard.ts) reports: which release, which device, and whether the panel
 * booted ("ok"), failed to boot ("boot") or threw later ("error"). Nothing else is accepted: no message, no stack,
 * no page content.
 */
export const beaconSchema = z
  .object({
    r: z.string().regex(releaseIdPattern),
    d: z.string().regex(deviceIdPattern),
    k: z.enum(["ok", "boot", "error"]),
  })
  .strict();

export type Beacon = z.infer<typeof beaconSchema>;

export function parseBeacon(text: string): Beacon {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "beacon must be JSON");
  }
  const parsed = beaconSchema.safeParse(json);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "beacon must be {r: release, d: device id, k: ok|boot|error}");
  return parsed.data;
}

/**
 * Counts the device in the release's sample, once however often it reports; a device that reported a failure stays
 * failed. Reports for releases no longer served (or never registered) are dropped.
 */
export async function recordBeacon(deps: Deps, beacon: Beacon): Promise<void> {
  const release = await deps.db.widgetRelease.findUnique({ where: { id: beacon.r }, select: { status: true } });
  if (!release || (release.status !== "stable" && release.status !== "candidate")) return;
  const failed = beacon.k !== "ok";
  const key = { releaseId_deviceHash: { releaseId: beacon.r, deviceHash: deviceHashOf(beacon.d) } };
  try {
    await deps.db.widgetReleaseDevice.upsert({
      where: key,
      create: { releaseId: beacon.r, deviceHash: deviceHashOf(beacon.d), failed, firstSeen: deps.now() },
      update: failed ? { failed: true } : {},
    });
  } catch (error) {
    // Two reports of one device racing to insert: the other one counted it; a failure still marks it.
    if (!isUniqueViolation(error)) throw error;
    if (failed) await deps.db.widgetReleaseDevice.update({ where: key, data: { failed: true } });
  }
}

import { createHash } from "node:crypto";
import murmurhash3 from "murmurhash3js";

/**
 * A device's bucket for a release group: MurmurHash3 (x86, 32-bit, seed 0) of "<group>:<deviceId>" mod 100, the rule
 * Unleash's and LaunchDarkly's SDKs use. A device is in a rollout of p % when its bucket is below p, so the same device
 * always lands the same way (sticky) and widening 10 % → 30 % keeps the first 10 % (monotonic). murmurhash3js is the
 * implementation Unleash's Node client uses; it hashes a string's char codes as bytes, which is exact for device ids
 * (ASCII by their pattern).
 */
export function bucketOf(group: string, deviceId: string): number {
  return murmurhash3.x86.hash32(`${group}:${deviceId}`) % 100;
}

export function inRollout(group: string, deviceId: string, percent: number): boolean {
  return bucketOf(group, deviceId) < percent;
}

/** The device id is the visitor's bearer secret: only this hash of it is stored with a release's sample. */
export function deviceHashOf(deviceId: string): string {
  return createHash("sha256").update(`widget-release-device:${deviceId}`).digest("hex").slice(0, 32);
}

export const deviceIdPattern = /^[A-Za-z0-9_-]{16,64}$/;

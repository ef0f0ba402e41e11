import { createHash } from "node:crypto";
import murmurhash3 from "murmurhash3js";
import { describe, expect, it } from "vitest";
import { bucketOf, inRollout } from "../../server/domain/releases/bucket.ts";
import { rollbackReason } from "../../server/domain/releases/rollback-decision.ts";

const deviceIds = Array.from({ length: 10_000 }, (_, i) => createHash("sha256").update(`device ${i}`).digest("hex").slice(0, 32));

describe("device buckets", () => {
  it("use MurmurHash3 x86 32-bit as the reference implementation computes it (seed 0)", () => {
    // Reference vectors of MurmurHash3_x86_32 (smhasher).
    expect(murmurhash3.x86.hash32("")).toBe(0);
    expect(murmurhash3.x86.hash32("hello")).toBe(0x248bfa47);
    expect(murmurhash3.x86.hash32("The quick brown fox jumps over the lazy dog")).toBe(0x2e4ff723);
    expect(bucketOf("group", "device-0000000000000001")).toBe(murmurhash3.x86.hash32("group:device-0000000000000001") % 100);
  });

  it("are sticky: the same device and group give the same bucket, another group reshuffles", () => {
    for (const id of deviceIds.slice(0, 100)) expect(bucketOf("a1b2c3d4e5f6", id)).toBe(bucketOf("a1b2c3d4e5f6", id));
    const moved = deviceIds.filter((id) => bucketOf("a1b2c3d4e5f6", id) !== bucketOf("0f0f0f0f0f0f", id)).length;
    expect(moved).toBeGreaterThan(9_000);
  });

  it("split devices evenly: every percentage within ±2 points over 10,000 devices", () => {
    for (const percent of [1, 5, 10, 25, 30, 50, 75, 99]) {
      const share = (deviceIds.filter((id) => inRollout("a1b2c3d4e5f6", id, percent)).length / deviceIds.length) * 100;
      expect(Math.abs(share - percent)).toBeLessThan(2);
    }
  });

  it("are monotonic: widening never drops a device that was in", () => {
    for (const [narrow, wide] of [
      [10, 30],
      [1, 2],
      [30, 99],
    ] as const) {
      for (const id of deviceIds) if (inRollout("a1b2c3d4e5f6", id, narrow)) expect(inRollout("a1b2c3d4e5f6", id, wide)).toBe(true);
    }
    expect(deviceIds.some((id) => inRollout("a1b2c3d4e5f6", id, 0))).toBe(false);
    expect(deviceIds.every((id) => inRollout("a1b2c3d4e5f6", id, 100))).toBe(true);
  });
});

describe("rollback decision", () => {
  const settings = { minDevices: 100, rollbackMarginPoints: 2 };
  const sample = (devices: number, failed: number) => ({ devices, failed, errorRate: devices ? failed / devices : 0 });

  it("waits for the minimum sample, however bad the first devices look", () => {
    expect(rollbackReason(sample(99, 99), sample(1000, 0), settings)).toBeNull();
  });

  it("keeps a candidate within the margin of stable's error rate", () => {
    expect(rollbackReason(sample(200, 10), sample(1000, 40), settings)).toBeNull(); // 5 % vs 4 %
    expect(rollbackReason(sample(100, 2), sample(0, 0), settings)).toBeNull(); // 2 % vs nothing yet: not over 2 points
  });

  it("rolls back a candidate worse than stable by more than the margin, saying why", () => {
    expect(rollbackReason(sample(200, 20), sample(1000, 40), settings)).toMatch(
      /error rate 10\.0 % over 200 devices, stable 4\.0 % over 1000/,
    );
  });
});

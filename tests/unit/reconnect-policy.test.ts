import { describe, expect, it } from "vitest";
import { reconnectDelayMs, reconnectPolicy } from "../../app/_lib/reconnect-policy.ts";
import { closeCodes } from "../../server/contracts/close-codes.ts";

describe("reconnect policy", () => {
  it("spreads reconnects with full jitter, doubling up to a 30 s cap", () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(3, () => 0)).toBe(0);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(4000);
  });

  it("never comes back sooner than the close code asks, and forgets the floor after an ordinary close", () => {
    const policy = reconnectPolicy(() => 0);
    policy.onClose({ code: closeCodes.flood });
    expect(policy.retryDelayMs(0)).toBe(5000);
    policy.onClose({ code: closeCodes.slowConsumer });
    expect(policy.retryDelayMs(0)).toBe(1000);
    policy.onClose({ code: closeCodes.serverRestart });
    expect(policy.retryDelayMs(0)).toBe(0);
    policy.onClose({ code: 1006 });
    expect(policy.retryDelayMs(0)).toBe(0);
    policy.onClose(undefined);
    expect(reconnectPolicy(() => 1).retryDelayMs(2)).toBe(4000);
  });
});

import { describe, expect, it } from "vitest";
import { loginDelaySeconds } from "../../server/domain/agents/attempt-limits.ts";

describe("the wait after failed logins", () => {
  it("is none for the free failures, then doubles from 2 s up to the maximum", () => {
    const waits = Array.from({ length: 16 }, (_, i) => loginDelaySeconds(i + 1, 5, 900));
    expect(waits).toEqual([0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    expect(loginDelaySeconds(10_000, 5, 900)).toBe(900);
  });
});

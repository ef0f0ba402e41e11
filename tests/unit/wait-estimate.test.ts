import { describe, expect, it } from "vitest";
import { estimateWait, minimumSamples } from "../../server/domain/routing/wait-estimate.ts";

const minutes = (n: number) => n * 60_000;

describe("estimateWait", () => {
  it("says nothing without enough recent chats to go on", () => {
    expect(estimateWait(1, { handleTimesMs: [], onlineSlots: 3 })).toBeNull();
    expect(estimateWait(1, { handleTimesMs: Array(minimumSamples - 1).fill(minutes(4)), onlineSlots: 3 })).toBeNull();
  });

  it("says nothing when nobody online can free a slot", () => {
    expect(estimateWait(1, { handleTimesMs: [minutes(4), minutes(4), minutes(4)], onlineSlots: 0 })).toBeNull();
  });

  it("grows with the place in line and shrinks with the slots online", () => {
    const handleTimesMs = [minutes(8), minutes(8), minutes(8)];
    // One slot frees every 8 / 2 = 4 minutes.
    expect(estimateWait(1, { handleTimesMs, onlineSlots: 2 })).toEqual({ under: 5 });
    expect(estimateWait(2, { handleTimesMs, onlineSlots: 2 })).toEqual({ under: 10 });
    expect(estimateWait(3, { handleTimesMs, onlineSlots: 2 })).toEqual({ under: 15 });
    expect(estimateWait(3, { handleTimesMs, onlineSlots: 12 })).toEqual({ under: 2 });
  });

  it("a range's upper bound is inclusive, and past an hour it is only 'over an hour'", () => {
    const handleTimesMs = [minutes(5), minutes(5), minutes(5)];
    expect(estimateWait(1, { handleTimesMs, onlineSlots: 1 })).toEqual({ under: 5 });
    expect(estimateWait(12, { handleTimesMs, onlineSlots: 1 })).toEqual({ under: 60 });
    expect(estimateWait(13, { handleTimesMs, onlineSlots: 1 })).toEqual({ over: 60 });
  });

  it("uses the median, so one marathon chat does not scare everyone off", () => {
    const handleTimesMs = [minutes(3), minutes(4), minutes(240), minutes(4), minutes(3)];
    expect(estimateWait(1, { handleTimesMs, onlineSlots: 1 })).toEqual({ under: 5 });
    expect(estimateWait(1, { handleTimesMs: [minutes(1), minutes(3), minutes(5), minutes(9)], onlineSlots: 1 })).toEqual({ under: 5 });
  });

  it("a position below 1 is not a place in line", () => {
    expect(estimateWait(0, { handleTimesMs: [minutes(1), minutes(1), minutes(1)], onlineSlots: 1 })).toBeNull();
  });
});

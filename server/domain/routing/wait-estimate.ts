import type { WaitEstimate } from "../../contracts/queue.ts";

/** How many recent chats the estimate looks at, how old they may be, and how few are too few to say anything. */
export const estimateSampleSize = 30;
export const estimateWindowMs = 14 * 24 * 60 * 60 * 1000;
export const minimumSamples = 3;

/** The ranges a visitor is told, in minutes; a longer wait is "over" the last one. */
const bucketsMinutes = [2, 5, 10, 15, 30, 60] as const;

export type WaitInputs = {
  /** How long recent chats of the team took to handle (first reply to resolution), newest first. */
  handleTimesMs: readonly number[];
  /** Chats the team's online agents can hold at once (the sum of their maxConcurrentChats). */
  onlineSlots: number;
};

/**
 * The usual wait for the visitor at `position`: with every slot busy (there is a queue), a slot frees up about every
 * handleTime / onlineSlots, so the n-th in line waits about n of those. The median handle time keeps one very long
 * chat from skewing it. Nothing is said without enough recent chats or with nobody online to free a slot.
 */
export function estimateWait(position: number, inputs: WaitInputs): WaitEstimate | null {
  if (position < 1 || inputs.onlineSlots < 1 || inputs.handleTimesMs.length < minimumSamples) return null;
  const expectedMinutes = (position * median(inputs.handleTimesMs)) / inputs.onlineSlots / 60_000;
  const bucket = bucketsMinutes.find((minutes) => expectedMinutes <= minutes);
  return bucket === undefined ? { over: bucketsMinutes.at(-1) ?? 0 } : { under: bucket };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

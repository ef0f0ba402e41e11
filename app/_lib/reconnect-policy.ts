import { retryAfterMsByCode } from "../../server/contracts/close-codes.ts";

/** Full-jitter exponential backoff (base 1 s, cap 30 s): after a node restart clients come back spread out. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(30_000, 1000 * 2 ** attempt));
}

/**
 * How every client we ship comes back after its socket closed: reconnectDelayMs, but never sooner than the server
 * asked with the close code.
 * Wire `onClose` and `retryDelayMs` into tRPC's createWSClient.
 */
export function reconnectPolicy(random: () => number = Math.random) {
  let floorMs = 0;
  return {
    onClose(cause?: { code?: number }) {
      floorMs = (cause?.code !== undefined ? retryAfterMsByCode[cause.code] : undefined) ?? 0;
    },
    retryDelayMs(attempt: number): number {
      return Math.max(floorMs, reconnectDelayMs(attempt, random));
    },
  };
}

import { retryAfterMsByCode, retryHintOf } from "../../server/contracts/close-codes.ts";

/** The longest a client waits between attempts of its own: a node back after a crash sees everyone within it. */
export const maxReconnectDelayMs = 10_000;
/** Spread added to a server's hint, which already spreads clients (drain and admission slots). */
const hintJitterMs = 250;

/** Full-jitter exponential backoff (base 1 s, cap 10 s): after a node restart clients come back spread out. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxReconnectDelayMs, 1000 * 2 ** attempt));
}

type Environment = {
  addEventListener?: (type: string, listener: () => void) => void;
  document?: { visibilityState?: string; addEventListener?: (type: string, listener: () => void) => void };
};

/**
 * How every client we ship comes back after its socket closed. The server times it when it can: the close frame's
 * reason carries `retryAfterMs` (server/contracts/close-codes.ts), and the client comes back then — never sooner,
 * and never later in a backoff of its own. Without a hint (a dropped network, a killed node) it backs off
 * exponentially, and cuts that wait short when the browser comes back online or the page becomes visible.
 *
 * Wire it into tRPC's createWSClient: `onOpen`, `onClose`, `retryDelayMs` (tRPC's own sleep stays 0) and `beforeConnect`
 * awaited in the `url` function, where the wait happens so that it can be cut short.
 */
export function reconnectPolicy(random: () => number = Math.random, environment: Environment = globalThis as Environment) {
  /** The server's hint from the last close: a number, null ("do not retry as is"), or undefined (none). */
  let hint: number | null | undefined;
  let dueMs = 0;
  let dueIsHint = false;
  let wake: (() => void) | null = null;
  const wakeOwnBackoff = () => {
    if (!dueIsHint) wake?.();
  };
  environment.addEventListener?.("online", wakeOwnBackoff);
  environment.document?.addEventListener?.("visibilitychange", () => {
    if (environment.document?.visibilityState === "visible") wakeOwnBackoff();
  });

  return {
    onOpen() {
      hint = undefined;
    },
    onClose(cause?: { code?: number; reason?: string }) {
      const told = retryHintOf(cause?.reason);
      hint = told !== undefined ? told : cause?.code !== undefined ? retryAfterMsByCode[cause.code] : undefined;
    },
    /** What to wait before attempt `attempt` (0 = the first after a loss); the server's hint is used once. */
    retryDelayMs(attempt: number): number {
      if (typeof hint === "number") {
        dueMs = hint + Math.round(random() * Math.min(hintJitterMs, hint));
        dueIsHint = true;
        hint = undefined;
      } else {
        dueMs = reconnectDelayMs(attempt, random);
        dueIsHint = false;
      }
      // tRPC's own sleep cannot be cut short; the wait happens in beforeConnect instead.
      return 0;
    },
    /** Resolves when the next attempt is due, or at once on `online` / visible when the wait is the client's own. */
    beforeConnect(): Promise<void> {
      const ms = dueMs;
      dueMs = 0;
      if (ms <= 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    },
    /** The wait now pending, for tests and diagnostics. */
    pendingMs: () => dueMs,
  };
}

import type { ReconnectSlot } from "../../server/contracts/reconnect.ts";
import { retryAfterMsByCode, retryHintOf, ticketOf } from "../../server/contracts/close-codes.ts";

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
 * and never later in a backoff of its own. Without a hint (a dropped network, a killed node) it asks the server when
 * to come back (`askServer`, the reconnect wait: held while the node starts, answered with a slot when it is ready),
 * or, without one, backs off exponentially; either wait is cut short when the browser comes back online or the page
 * becomes visible.
 *
 * Wire it into tRPC's createWSClient: `onOpen`, `onClose`, `retryDelayMs` (tRPC's own sleep stays 0) and `beforeConnect`
 * awaited in the `url` function, where the wait happens so that it can be cut short.
 */
export function reconnectPolicy(
  random: () => number = Math.random,
  environment: Environment = globalThis as Environment,
  /** Asks the server when to come back (client/reconnect-wait.ts), given how to sleep meanwhile; null: no answer. */
  askServer?: (sleep: (ms: number) => Promise<void>) => Promise<ReconnectSlot | null>,
) {
  /** The server's hint from the last close: a number, null ("do not retry as is"), or undefined (none). */
  let hint: number | null | undefined;
  let dueMs = 0;
  let dueIsHint = false;
  /** Set when a socket was lost: the next connect is a reconnect (the first connect of a page asks nobody). */
  let reconnecting = false;
  let dueAttempt = 0;
  /** The ticket of a slot the server gave (a 1013 close, or the reconnect wait), shown on the next socket. */
  let ticket: string | null = null;
  /** The server's last answer came at once with "now": a socket that fails after that is not the server's doing. */
  let answeredNow = false;
  let wake: (() => void) | null = null;
  const wakeOwnBackoff = () => {
    if (!dueIsHint) wake?.();
  };
  environment.addEventListener?.("online", wakeOwnBackoff);
  environment.document?.addEventListener?.("visibilitychange", () => {
    if (environment.document?.visibilityState === "visible") wakeOwnBackoff();
  });

  /** Sleeps `ms`; `online` / visible cuts it short when it is the client's own wait (never a server's slot). */
  const sleep = (ms: number, own = true) =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            wake = null;
            resolve();
          }
          wake = own ? done : null;
        });

  return {
    onOpen() {
      hint = undefined;
      answeredNow = false;
    },
    onClose(cause?: { code?: number; reason?: string }) {
      const told = retryHintOf(cause?.reason);
      hint = told !== undefined ? told : cause?.code !== undefined ? retryAfterMsByCode[cause.code] : undefined;
      ticket = ticketOf(cause?.reason);
    },
    /** What to wait before attempt `attempt` (0 = the first after a loss); the server's hint is used once. */
    retryDelayMs(attempt: number): number {
      reconnecting = true;
      dueAttempt = attempt;
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
    /**
     * Resolves when the next attempt is due, with the ticket to show on it (or null). A server's hint is slept. The
     * client's own wait, with `askServer`, is the server's answer instead: held while the node starts, then the slot;
     * only after a socket failed although the server had just said "now" does its own backoff apply as well.
     * Without `askServer`, its own backoff, cut short on `online` / visible.
     */
    async beforeConnect(): Promise<string | null> {
      const ms = dueMs;
      dueMs = 0;
      const shown = ticket;
      ticket = null;
      if (dueIsHint || !askServer || !reconnecting) {
        await sleep(ms, !dueIsHint);
        return shown;
      }
      const askedAt = Date.now();
      const slot = await askServer(sleep);
      if (!slot) {
        await sleep(ms);
        return null;
      }
      const failedAfterNow = answeredNow && dueAttempt > 0;
      answeredNow = slot.retryAfterMs === 0 && Date.now() - askedAt < 1000;
      if (failedAfterNow) await sleep(ms);
      await sleep(slot.retryAfterMs, false);
      return slot.ticket;
    },
    /** The wait now pending, for tests and diagnostics. */
    pendingMs: () => dueMs,
  };
}

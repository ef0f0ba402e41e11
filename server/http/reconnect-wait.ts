import type { IncomingMessage, ServerResponse } from "node:http";
import { reconnectWaitPath, type ReconnectSlot } from "../contracts/reconnect.ts";

export type ReconnectWaitOptions = {
  /** The longest a request is held while the node starts; then "ask again" (a proxy's read timeout is longer). */
  maxHoldMs: number;
  /** Requests held at most; past it, "ask again in a second" (each held request is an open socket). */
  maxHeld: number;
  /**
   * Slots are handed out at most this far ahead: the rest wait here until the admission rate reaches them, so a slot
   * once given stays true when the rate falls (a node that turns out slower than its ceiling promised nobody more).
   */
  slotHorizonMs: number;
  /** While requests wait for slots, how often the admission is asked again. */
  pollMs: number;
};

const defaults: ReconnectWaitOptions = { maxHoldMs: 25_000, maxHeld: 100_000, slotHorizonMs: 500, pollMs: 25 };

/** Books a slot at most `withinMs` ahead, or null when the admission has none that close yet. */
export type BookSlot = (withinMs: number) => ReconnectSlot | null;

function answer(res: ServerResponse, status: number, body: unknown, retryAfterMs?: number) {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    ...(retryAfterMs === undefined
      ? {}
      : { "retry-after": String(Math.ceil(retryAfterMs / 1000)), "retry-after-ms": String(retryAfterMs) }),
  });
  res.end(JSON.stringify(body));
}

/**
 * The "come back now" answer (protocol in server/contracts/reconnect.ts and docs/ARCHITECTURE.md). The node listens
 * before it is ready so that clients can wait here instead of sleeping: while it starts, requests are held; once it
 * is ready they are answered in the order they came, each with its own slot, as the admission rate reaches them (a
 * slot is never handed out more than `slotHorizonMs` ahead, and the rate follows what the node completes:
 * server/http/admission.ts). A request that finds nobody waiting and a slot close at hand is answered at once.
 * While draining: 503, ask again (another node, or this one restarted). A request whose client went away is dropped
 * without booking a slot.
 */
export function createReconnectWait(options: Partial<ReconnectWaitOptions> = {}) {
  const { maxHoldMs, maxHeld, slotHorizonMs, pollMs } = { ...defaults, ...options };
  let book: BookSlot | null = null;
  let stopping = false;
  let polling: ReturnType<typeof setTimeout> | null = null;
  type Waiter = { res: ServerResponse; timer: ReturnType<typeof setTimeout> };
  const held = new Set<Waiter>();

  const askAgain = (res: ServerResponse, ms: number) => answer(res, 503, { status: stopping ? "stopping" : "starting" }, ms);

  /** Answers waiting requests in order while slots are close at hand; asks again shortly while some are left. */
  const serve = () => {
    polling = null;
    for (const waiter of held) {
      if (!book) return;
      if (waiter.res.destroyed) {
        forget(waiter);
        continue;
      }
      const slot = book(slotHorizonMs);
      if (!slot) break;
      forget(waiter);
      answer(waiter.res, 200, slot);
    }
    if (held.size > 0 && book && !polling) polling = setTimeout(serve, pollMs);
  };
  const forget = (waiter: Waiter) => {
    clearTimeout(waiter.timer);
    held.delete(waiter);
  };

  return {
    /** Answers the reconnect wait; false for any other request. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.url?.split("?")[0] !== reconnectWaitPath) return false;
      if (req.method !== "GET") {
        answer(res, 405, { status: "method not allowed" });
        return true;
      }
      const now = book && held.size === 0 ? book(slotHorizonMs) : null;
      if (stopping) askAgain(res, 1000);
      else if (now) answer(res, 200, now);
      else if (held.size >= maxHeld) askAgain(res, 1000);
      else {
        const waiter: Waiter = { res, timer: setTimeout(() => held.delete(waiter) && askAgain(res, 0), maxHoldMs) };
        held.add(waiter);
        res.once("close", () => forget(waiter));
        if (book && !polling) polling = setTimeout(serve, pollMs);
      }
      return true;
    },
    /** The node is ready: from now on requests get slots from `bookSlot`, the held ones first, in order. */
    open(bookSlot: BookSlot) {
      book = bookSlot;
      serve();
    },
    /** Draining: nobody is held or booked any more. */
    stop() {
      stopping = true;
      book = null;
      if (polling) clearTimeout(polling);
      polling = null;
      for (const waiter of held) {
        clearTimeout(waiter.timer);
        askAgain(waiter.res, 1000);
      }
      held.clear();
    },
    /** Requests held now (metrics, tests). */
    heldCount: () => held.size,
  };
}

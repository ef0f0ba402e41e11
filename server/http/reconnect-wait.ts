import type { IncomingMessage, ServerResponse } from "node:http";
import { reconnectWaitPath, type ReconnectSlot } from "../contracts/reconnect.ts";

export type ReconnectWaitOptions = {
  /** The longest a request is held while the node starts; then "ask again" (a proxy's read timeout is longer). */
  maxHoldMs: number;
  /** Requests held at most; past it, "ask again in a second" (each held request is an open socket). */
  maxHeld: number;
};

const defaults: ReconnectWaitOptions = { maxHoldMs: 25_000, maxHeld: 100_000 };

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
 * before it is ready so that clients can wait here instead of sleeping: while it starts, requests are held; the
 * moment it is ready every held request is answered in the order it came, each with its own slot at the admission
 * rate; once ready, each request is answered at once. While draining: 503, ask again (another node, or this one
 * restarted). A request whose client went away is dropped without booking a slot.
 */
export function createReconnectWait(options: Partial<ReconnectWaitOptions> = {}) {
  const { maxHoldMs, maxHeld } = { ...defaults, ...options };
  let book: (() => ReconnectSlot) | null = null;
  let stopping = false;
  const held = new Set<{ res: ServerResponse; timer: ReturnType<typeof setTimeout> }>();

  const askAgain = (res: ServerResponse, ms: number) => answer(res, 503, { status: stopping ? "stopping" : "starting" }, ms);

  return {
    /** Answers the reconnect wait; false for any other request. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.url?.split("?")[0] !== reconnectWaitPath) return false;
      if (req.method !== "GET") {
        answer(res, 405, { status: "method not allowed" });
        return true;
      }
      if (stopping) askAgain(res, 1000);
      else if (book) answer(res, 200, book());
      else if (held.size >= maxHeld) askAgain(res, 1000);
      else {
        const waiter = { res, timer: setTimeout(() => held.delete(waiter) && askAgain(res, 0), maxHoldMs) };
        held.add(waiter);
        res.once("close", () => {
          clearTimeout(waiter.timer);
          held.delete(waiter);
        });
      }
      return true;
    },
    /** The node is ready: from now on every request gets a slot from `bookSlot`, the held ones first, in order. */
    open(bookSlot: () => ReconnectSlot) {
      book = bookSlot;
      for (const waiter of held) {
        clearTimeout(waiter.timer);
        if (!waiter.res.destroyed) answer(waiter.res, 200, bookSlot());
      }
      held.clear();
    },
    /** Draining: nobody is held or booked any more. */
    stop() {
      stopping = true;
      book = null;
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

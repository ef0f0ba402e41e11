import { TRPCError } from "@trpc/server";
import type { LimitStore } from "../domain/limits/limit-store.ts";
import { createSharedRate } from "../domain/limits/shared-rate.ts";

/**
 * Budgets on calls, counted per call (each call of a tRPC batch counts), not per frame. Per socket they are plain
 * counters on the socket; per visitor and per client address they are shared by every node, through the limit store
 * (Redis when configured, server/domain/limits/shared-rate.ts: exact per process, across nodes within ~200 ms).
 * Loopback addresses have no address budget: there the address is a local proxy's or a load generator's, not a
 * client's.
 */
export type CallLimitOptions = {
  /** Calls one socket may make per second. */
  callsPerSecond: number;
  /** Calls one visitor may make per second, over all their sockets on every node. */
  visitorCallsPerSecond: number;
  /** Calls one client address may make per second, over all its sockets on every node. */
  ipCallsPerSecond: number;
  /** Live subscriptions one socket may hold. */
  maxSubscriptions: number;
  /** Refused calls within refusalWindowMs after which the socket is closed with 4029. */
  refusalsBeforeClose: number;
  /** The window the visitor and address budgets count in, at their per-second rate (tests lengthen it). */
  budgetWindowSeconds: number;
};

export const callLimitDefaults: CallLimitOptions = {
  callsPerSecond: 50,
  visitorCallsPerSecond: 100,
  ipCallsPerSecond: 1000,
  maxSubscriptions: 100,
  refusalsBeforeClose: 50,
  budgetWindowSeconds: 1,
};

const refusalWindowMs = 10_000;
/** The longest a flood close waits for the calls it already admitted to answer. */
const closeGraceMs = 2_000;

const isLoopback = (ip: string) => ip.startsWith("127.") || ip === "::1" || ip.startsWith("::ffff:127.");

export type CallLimits = ReturnType<typeof createCallLimits>;

export function createCallLimits(store: LimitStore, options: Partial<CallLimitOptions> = {}) {
  const limits = { ...callLimitDefaults, ...options };
  const window = limits.budgetWindowSeconds;
  const visitors = createSharedRate(store, { name: "calls-visitor", points: limits.visitorCallsPerSecond * window, durationS: window });
  const addresses = createSharedRate(store, { name: "calls-ip", points: limits.ipCallsPerSecond * window, durationS: window });
  return {
    limits,
    /** The guard of one socket; `close` is how it ends the socket when the client keeps calling past its budget. */
    socket: (close: () => void) => new SocketGuard(limits, visitors, addresses, close),
    /** Counts what was spent here into the shared budgets now (tests; a closing node). */
    flush: () => Promise.all([visitors.flush(), addresses.flush()]).then(() => {}),
  };
}

type SharedRate = ReturnType<typeof createSharedRate>;

const tooMany = (message: string) => new TRPCError({ code: "TOO_MANY_REQUESTS", message });

export class SocketGuard {
  /** Set once the socket is being closed: nothing it sent is executed after that. */
  closed = false;
  private subscriptions = 0;
  /** Calls admitted and still running: their answers go out before a flood close, so what was stored is acked. */
  private running = 0;
  private onIdle: (() => void) | null = null;
  private windowStart = 0;
  private callsInWindow = 0;
  private refusalWindowStart = 0;
  private refusals = 0;

  constructor(
    private readonly limits: CallLimitOptions,
    private readonly visitors: SharedRate,
    private readonly addresses: SharedRate,
    private readonly close: () => void,
  ) {}

  /**
   * Spends one call from every budget it falls under; throws TOO_MANY_REQUESTS (and maybe decides the close) when
   * one is spent. An admitted call must be followed by done() once it has answered.
   */
  async admit(visitorId: string | null, ip: string | null): Promise<void> {
    if (this.closed) throw tooMany("this connection is closing");
    // Counted as running from here, so a close decided while it waits on a budget still lets it answer.
    this.running++;
    try {
      const now = Date.now();
      if (now - this.windowStart >= 1000) {
        this.windowStart = now;
        this.callsInWindow = 0;
      }
      if (++this.callsInWindow > this.limits.callsPerSecond)
        this.refuse(now, `more than ${this.limits.callsPerSecond} calls per second on one connection`);
      if (visitorId && !this.visitors.spend(visitorId)) {
        this.refuse(now, `more than ${this.limits.visitorCallsPerSecond} calls per second from one visitor`);
      }
      if (ip && !isLoopback(ip) && !this.addresses.spend(ip)) {
        this.refuse(now, `more than ${this.limits.ipCallsPerSecond} calls per second from one address`);
      }
    } catch (refusal) {
      this.done();
      throw refusal;
    }
  }

  /** The admitted call finished (answered). */
  done() {
    if (--this.running === 0) this.onIdle?.();
  }

  /** The socket is closing for another reason (drain): execute nothing more it sent. */
  closeQuietly() {
    this.closed = true;
  }

  /** Closes once the calls already admitted have answered (at most closeGraceMs), executing nothing more meanwhile. */
  private closeWhenIdle() {
    // The refusals just decided are answered in the next microtasks; the close frame goes after them.
    const closeSoon = () => setImmediate(this.close);
    if (this.running === 0) return closeSoon();
    const timer = setTimeout(this.close, closeGraceMs);
    this.onIdle = () => {
      clearTimeout(timer);
      closeSoon();
    };
  }

  /** Counts a new subscription; the returned function gives its slot back (once). */
  openSubscription(): () => void {
    if (this.subscriptions >= this.limits.maxSubscriptions) {
      this.refuse(Date.now(), `at most ${this.limits.maxSubscriptions} live subscriptions per connection`);
    }
    this.subscriptions++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.subscriptions--;
    };
  }

  private refuse(now: number, message: string): never {
    if (now - this.refusalWindowStart >= refusalWindowMs) {
      this.refusalWindowStart = now;
      this.refusals = 0;
    }
    if (++this.refusals >= this.limits.refusalsBeforeClose && !this.closed) {
      this.closed = true;
      this.closeWhenIdle();
    }
    throw tooMany(message);
  }
}

/** The subscription's events, giving its slot back when it ends however it ends. */
export async function* releasing<T>(events: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* events;
  } finally {
    release();
  }
}

import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Duplex } from "node:stream";
import { refuseUpgrade } from "./upgrade-guard.ts";

export type AdmissionOptions = {
  /** The ceiling (WS_ACCEPT_PER_SECOND): connects per second this process never exceeds, however well it keeps up. */
  maxPerSecond: number;
  /** The floor the rate never falls under, so that a herd still drains when the box is busy with other work. */
  minPerSecond: number;
  /** The event loop's delay (ms) since the last call: `eventLoopLag()` in a node, a script in tests. */
  lagMs: () => number;
  now: () => number;
};

/** How often the rate is adjusted: often enough to react within a second, long enough to count completions. */
const adjustEveryMs = 250;
/**
 * Connects admitted and not yet completed, in seconds of the current rate, past which the node is behind (by Little's
 * law, a connect takes longer than this): the rate grows no further, and falls while that backlog grows.
 */
const backlogSeconds = 1;
/** …but never fewer than this (a few slow connects at a low rate are no backlog). */
const backlogFloor = 20;
/**
 * The rate grows only while the event loop runs within this delay. On a box shared with other work a node's loop
 * is often hundreds of ms behind while it still completes connects: only a loop a second behind stops growth.
 */
const busyLagMs = 1000;
/** Past this delay with connects in flight the node is stalled: the rate shrinks even before they pile up. */
const stalledLagMs = 3000;
/** How much each adjustment's completion count weighs in the completion rate (smoothed over about a second). */
const completionWeight = 0.3;
/** The node keeps up while it completes at least this share of what it admitted (queues are bursty). */
const keepingUpShare = 0.8;
/** Additive increase per adjustment while demand waits and the node keeps up, as a share of the ceiling. */
const increaseShare = 0.05;

/**
 * Admission control that follows what the node actually completes, and tells each client when to come back.
 *
 * Slots are one every 1/rate seconds, a second's worth at once after a quiet spell. The rate moves AIMD-style between
 * `minPerSecond` and `maxPerSecond` (the ceiling), adjusted every 250 ms. When admitted connects pile up unfinished
 * (more than a second's worth, and not shrinking) it falls to what the node completes (smoothed over about a second),
 * by 30 % at most; when the event loop is stalled (over 3 s behind) with connects in flight, by 30 %. It grows by 5 %
 * of the ceiling when clients waited for a slot while the node kept up (completed 80 % of what it admitted, or its
 * backlog shrank; under a second's worth in flight) and the loop ran within a second. A delay alone, with connects
 * completing, is other work on the box: it stops growth, not admission. The floor is a fifth of the ceiling. A fixed
 * rate over-admits a busy node: admitted connects pile up, all finish late together, and the tail of a reconnect
 * storm stretches. It starts at the ceiling: a node learns it is slow by trying.
 *
 * A client refused now is told a slot after everything already booked, the refused ones spread at the rate among
 * themselves, so a herd returns spread instead of all at the next second. Telling is not booking: a client that does
 * not come back then (ours ask the reconnect wait instead) holds nobody up. `reserve` books a slot for a client that
 * will come with its ticket (the reconnect wait, server/http/reconnect-wait.ts, which books only slots close at hand
 * so that what it promises stays true when the rate falls, and a browser's 1013 close); a booked slot is counted once,
 * and queues everyone after it. A connect in progress is `connecting()` until it completed or its socket went.
 */
export function createAdmission(options: Pick<AdmissionOptions, "maxPerSecond"> & Partial<AdmissionOptions>) {
  const maxPerSecond = options.maxPerSecond;
  const minPerSecond = Math.min(maxPerSecond, options.minPerSecond ?? Math.max(1, maxPerSecond / 5));
  const lagMs = options.lagMs ?? (() => 0);
  const now = options.now ?? Date.now;
  let perSecond = maxPerSecond;
  /** Every slot booked so far lies before this time, less the second's burst (at the rate, from the first). */
  let bookedUntil = Number.NEGATIVE_INFINITY;
  /** The last slot told to a refused client. */
  let toldAt = Number.NEGATIVE_INFINITY;
  let inFlight = 0;
  let inFlightBefore = 0;
  /** Connects admitted and completed since the last adjustment. */
  let admitted = 0;
  let completed = 0;
  /** Connects completed per second, smoothed: one quiet 250 ms is no evidence of a slow node. */
  let completionRate: number | null = null;
  /** Someone asked for a slot since the last adjustment and did not get one at once. */
  let waited = false;
  let adjustedAt = now();

  const adjust = (at: number) => {
    const elapsedMs = at - adjustedAt;
    if (elapsedMs < adjustEveryMs) return;
    adjustedAt = at;
    const lag = lagMs();
    const completedPerSecond = (completed * 1000) / elapsedMs;
    completionRate =
      completionRate === null ? completedPerSecond : completionRate + completionWeight * (completedPerSecond - completionRate);
    const backlog = Math.max(backlogFloor, perSecond * backlogSeconds);
    const keepingUp = completed >= admitted * keepingUpShare || inFlight < inFlightBefore;
    if (inFlight > backlog && inFlight >= inFlightBefore)
      perSecond = Math.max(minPerSecond, perSecond * 0.7, Math.min(perSecond, completionRate));
    else if (lag > stalledLagMs && inFlight > 0) perSecond = Math.max(minPerSecond, perSecond * 0.7);
    else if (waited && keepingUp && lag < busyLagMs && inFlight <= backlog)
      perSecond = Math.min(maxPerSecond, perSecond + maxPerSecond * increaseShare);
    inFlightBefore = inFlight;
    admitted = 0;
    completed = 0;
    waited = false;
  };

  /** The next free slot (booking it moves `bookedUntil` there), after adjusting the rate. */
  const nextSlot = (at: number) => {
    adjust(at);
    return Math.max(bookedUntil, at) + 1000 / perSecond;
  };

  return {
    /** Null when admitted now (booked), else the milliseconds after which this client should try again (not booked). */
    admit(): number | null {
      const at = now();
      const booked = nextSlot(at);
      if (booked - 1000 <= at) {
        bookedUntil = booked;
        return null;
      }
      waited = true;
      toldAt = Math.max(toldAt, bookedUntil - 1000, at) + 1000 / perSecond;
      return Math.ceil(toldAt - at);
    },
    /**
     * Books the next slot for a client that will come then with a ticket: the milliseconds until it (0: now). With
     * `withinMs`, only a slot at most that far ahead; null (nothing booked) when the next one is further.
     */
    reserve(withinMs = Number.POSITIVE_INFINITY): number | null {
      const at = now();
      const booked = nextSlot(at);
      const inMs = Math.max(0, Math.ceil(booked - 1000 - at));
      if (inMs > withinMs) {
        waited = true;
        return null;
      }
      if (inMs > 0) waited = true;
      bookedUntil = booked;
      return inMs;
    },
    /** A connect's work began: call `completed` when it is done, or `gone` when its socket went first; once counts. */
    connecting(): { completed: () => void; gone: () => void } {
      inFlight++;
      admitted++;
      let done = false;
      const finish = (succeeded: boolean) => {
        if (done) return;
        done = true;
        inFlight--;
        if (succeeded) completed++;
      };
      return { completed: () => finish(true), gone: () => finish(false) };
    },
    refuse(socket: Duplex, retryAfterMs: number) {
      refuseUpgrade(socket, "503 Service Unavailable", {
        "Retry-After": String(Math.ceil(retryAfterMs / 1000)),
        "Retry-After-Ms": String(retryAfterMs),
      });
    },
    /** The rate now (metrics, tests). */
    perSecond(): number {
      adjust(now());
      return perSecond;
    },
  };
}

/**
 * The event loop's worst delay since the last call, in ms (beyond the sampling interval): the node's own measure of
 * how far behind it runs. `stop` ends the sampling.
 */
export function eventLoopLag(): { lagMs: () => number; stop: () => void } {
  const resolutionMs = 10;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    lagMs() {
      const worst = histogram.count > 0 ? histogram.percentile(99) / 1e6 - resolutionMs : 0;
      histogram.reset();
      return Math.max(0, worst);
    },
    stop: () => histogram.disable(),
  };
}

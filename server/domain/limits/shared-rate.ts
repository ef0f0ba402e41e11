import type { Budget, LimitStore } from "./limit-store.ts";

export type SharedRateOptions = {
  /** How often this process adds what its keys spent to the shared counts, and learns which keys are over. */
  syncMs: number;
  now: () => number;
};

type Entry = { pending: number; overUntil: number };

/**
 * A budget (calls per window, per key) shared by every node, cheap enough to sit in front of every call: this process counts each key
 * itself (exact within the process; a flood here is refused without any round trip), and every `syncMs` adds what
 * each key spent to the shared count in the limit store (Redis when configured; one operation per active key, not per
 * call) and learns whether the key is over the budget on all nodes together, refusing it here until its window ends.
 * So the budget holds across nodes within about `syncMs`; a store that fails leaves each node its own count.
 */
export function createSharedRate(store: LimitStore, budget: Budget, options: Partial<SharedRateOptions> = {}) {
  const { syncMs, now } = { syncMs: 200, now: Date.now, ...options };
  const windowMs = budget.durationS * 1000;
  const local = new Map<string, { windowStart: number; spent: number }>();
  const shared = new Map<string, Entry>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let syncing: Promise<void> = Promise.resolve();

  const sync = async () => {
    timer = null;
    const due = [...shared].filter(([, entry]) => entry.pending > 0);
    await Promise.all(
      due.map(async ([key, entry]) => {
        const points = entry.pending;
        entry.pending = 0;
        const spend = await store.spend(budget, key, points).catch(() => null);
        if (spend && !spend.allowed) entry.overUntil = now() + spend.retryAfterMs;
      }),
    );
    const at = now();
    for (const [key, entry] of shared) if (entry.pending === 0 && entry.overUntil <= at) shared.delete(key);
    for (const [key, count] of local) if (at - count.windowStart >= windowMs) local.delete(key);
  };
  const scheduleSync = () => {
    timer ??= setTimeout(() => {
      syncing = sync();
    }, syncMs);
    timer.unref?.();
  };

  return {
    /** Spends one call of `key`: false when it is over the budget here or, as last learned, on all nodes together. */
    spend(key: string): boolean {
      const at = now();
      let entry = shared.get(key);
      if (entry && entry.overUntil > at) return false;
      let count = local.get(key);
      if (!count || at - count.windowStart >= windowMs) {
        count = { windowStart: at, spent: 0 };
        local.set(key, count);
      }
      if (++count.spent > budget.points) return false;
      if (!entry) {
        entry = { pending: 0, overUntil: 0 };
        shared.set(key, entry);
      }
      entry.pending++;
      scheduleSync();
      return true;
    },
    /** Runs a sync now (tests; and on close, so the last calls are counted). */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      await syncing;
      await sync();
    },
  };
}

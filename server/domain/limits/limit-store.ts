/**
 * A budget: at most `points` spent per key within `durationS` seconds, counted from the key's first spend (a fixed
 * window, as rate-limiter-flexible counts). The name keeps budgets apart in the store.
 */
export type Budget = { name: string; points: number; durationS: number };

export type Spend = {
  /** False once the key has spent more than the budget's points in this window (the spend is still recorded). */
  allowed: boolean;
  /** Points spent by the key in this window, this spend included. */
  spent: number;
  /** Until the window ends, or the hold lifts. */
  retryAfterMs: number;
};

/**
 * Where counters live so every node counts the same: Redis when REDIS_URL is set (server/limits/redis.ts), the
 * process's memory otherwise (server/limits/memory.ts). Both are rate-limiter-flexible's limiters; each operation is
 * atomic in the store, so concurrent spends (one batched request of 50 calls) each get their own count.
 */
export interface LimitStore {
  spend(budget: Budget, key: string, points?: number): Promise<Spend>;
  /** What the key has spent, without spending; `held` while a hold() is in force. */
  peek(budget: Budget, key: string): Promise<{ spent: number; held: boolean; retryAfterMs: number }>;
  /** Gives points back (a reserved attempt that turned out not to count). */
  refund(budget: Budget, key: string, points?: number): Promise<void>;
  /** Refuses every spend of the key for `seconds` (replaces the count). */
  hold(budget: Budget, key: string, seconds: number): Promise<void>;
  clear(budget: Budget, key: string): Promise<void>;
  close(): Promise<void>;
}

import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Budget, LimitStore } from "../domain/limits/limit-store.ts";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number };

/** The count a hold sets: above any budget, so every spend is refused until its TTL ends. */
const held = 2 ** 50;

/**
 * The LimitStore port over rate-limiter-flexible: one limiter per budget name and window, made on first use by `make`
 * (memory or Redis). The library only counts (its own points are unbounded); the budget's points are compared here,
 * so a changed setting applies to the counts already made, in memory as in Redis. A rejection from the library is a
 * store failure and propagates.
 */
export function flexibleLimitStore(make: (options: LimiterOptions) => RateLimiterAbstract, close: () => Promise<void>): LimitStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterOf = (budget: Budget) => {
    const id = `${budget.name}:${budget.durationS}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = make({ keyPrefix: `limit:${budget.name}`, points: Number.MAX_SAFE_INTEGER, duration: budget.durationS });
      limiters.set(id, limiter);
    }
    return limiter;
  };
  const ttlOf = (result: RateLimiterRes) => Math.max(result.msBeforeNext, 1);

  return {
    async spend(budget, key, points = 1) {
      const result = await limiterOf(budget)
        .consume(key, points)
        .catch((refusal: unknown) => {
          throw refusal instanceof RateLimiterRes ? new Error("limit store: unexpected refusal") : refusal;
        });
      const allowed = result.consumedPoints <= budget.points;
      return { allowed, spent: result.consumedPoints, retryAfterMs: ttlOf(result) };
    },
    async peek(budget, key) {
      const result = await limiterOf(budget).get(key);
      if (!result || result.consumedPoints <= 0) return { spent: 0, held: false, retryAfterMs: 0 };
      return { spent: result.consumedPoints, held: result.consumedPoints > budget.points, retryAfterMs: ttlOf(result) };
    },
    async refund(budget, key, points = 1) {
      await limiterOf(budget).reward(key, points);
    },
    async hold(budget, key, seconds) {
      await limiterOf(budget).set(key, held, seconds);
    },
    async clear(budget, key) {
      await limiterOf(budget).delete(key);
    },
    close,
  };
}

import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Budget, LimitStore } from "../domain/limits/limit-store.ts";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number };

/**
 * The LimitStore port over rate-limiter-flexible: one limiter per budget, made on first use by `make` (memory or
 * Redis). A spend past the points is the library's rejection with a RateLimiterRes; any other rejection is a store
 * failure and propagates.
 */
export function flexibleLimitStore(make: (options: LimiterOptions) => RateLimiterAbstract, close: () => Promise<void>): LimitStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterOf = (budget: Budget) => {
    const id = `${budget.name}:${budget.points}:${budget.durationS}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = make({ keyPrefix: `limit:${budget.name}`, points: budget.points, duration: budget.durationS });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return {
    async spend(budget, key, points = 1) {
      try {
        const result = await limiterOf(budget).consume(key, points);
        return { allowed: true, spent: result.consumedPoints, retryAfterMs: result.msBeforeNext };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return { allowed: false, spent: refusal.consumedPoints, retryAfterMs: Math.max(refusal.msBeforeNext, 1) };
      }
    },
    async peek(budget, key) {
      const result = await limiterOf(budget).get(key);
      if (!result) return { spent: 0, held: false, retryAfterMs: 0 };
      return { spent: result.consumedPoints, held: result.consumedPoints > budget.points, retryAfterMs: Math.max(result.msBeforeNext, 0) };
    },
    async refund(budget, key, points = 1) {
      await limiterOf(budget).reward(key, points);
    },
    async hold(budget, key, seconds) {
      await limiterOf(budget).block(key, seconds);
    },
    async clear(budget, key) {
      await limiterOf(budget).delete(key);
    },
    close,
  };
}

import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { LimitStore } from "../domain/limits/limit-store.ts";
import { flexibleLimitStore } from "./flexible.ts";

/**
 * Counters in Redis, shared by every node (one key per budget and key, with the window as its TTL, changed by one
 * Lua script so concurrent spends on several nodes never lose a count). Calls made while connecting wait for the
 * connection; once Redis fails a call (after one reconnect attempt) each node counts in its own memory (the library's
 * insurance limiter) rather than refusing everyone or letting everything through.
 */
export function createRedisLimitStore(opts: { url: string; keyPrefix: string }): LimitStore {
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 1, connectionName: "parley-limits" });
  redis.on("error", () => {
    // Reported by the bus, which shares this Redis; meanwhile the insurance limiters count.
  });
  return flexibleLimitStore(
    (options) =>
      new RateLimiterRedis({
        ...options,
        storeClient: redis,
        keyPrefix: `${opts.keyPrefix}${options.keyPrefix}`,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
    async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  );
}

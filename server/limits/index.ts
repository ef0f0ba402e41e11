import type { LimitStore } from "../domain/limits/limit-store.ts";
import { createMemoryLimitStore } from "./memory.ts";
import { createRedisLimitStore } from "./redis.ts";

/** Redis when configured (limits hold across nodes), otherwise this process's memory. */
export function createLimitStore(opts: { redisUrl?: string; keyPrefix: string }): LimitStore {
  return opts.redisUrl ? createRedisLimitStore({ url: opts.redisUrl, keyPrefix: opts.keyPrefix }) : createMemoryLimitStore();
}

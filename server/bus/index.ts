import type { Bus } from "./bus.ts";
import { createMemoryBus } from "./memory.ts";
import { createRedisBus } from "./redis.ts";

export type { Bus, BusHandler } from "./bus.ts";
export { topics } from "./topics.ts";

/** Redis when configured (several nodes), otherwise the in-process bus of the single-node default. */
export function createBus(opts: { redisUrl?: string; keyPrefix: string; onError?: (err: Error) => void }): Bus {
  return opts.redisUrl
    ? createRedisBus({ url: opts.redisUrl, keyPrefix: opts.keyPrefix, onError: opts.onError })
    : createMemoryBus({ onError: opts.onError });
}

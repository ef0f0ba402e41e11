import { RateLimiterMemory } from "rate-limiter-flexible";
import type { LimitStore } from "../domain/limits/limit-store.ts";
import { flexibleLimitStore } from "./flexible.ts";

/** Counters in this process: right for the embedded single node, and each test world gets its own. */
export function createMemoryLimitStore(): LimitStore {
  return flexibleLimitStore(
    (options) => new RateLimiterMemory(options),
    async () => {},
  );
}

import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";

const retryMs = { first: 250, max: 2_000 };

/**
 * A step a live stream cannot do without (subscribing to the bus, reading the thread): while Redis or the database
 * is unreachable it is retried with backoff instead of failing the subscription — clients resubscribe after a
 * reconnect, not after a server error — until the subscriber leaves. A refusal (an AppError such as NOT_FOUND) is an
 * answer, not an outage, and is thrown at once.
 */
export async function retryUntilAborted<T>(deps: Deps, signal: AbortSignal, what: string, step: () => Promise<T>): Promise<T> {
  for (let wait = retryMs.first; ; wait = Math.min(wait * 2, retryMs.max)) {
    try {
      return await step();
    } catch (error) {
      if (error instanceof AppError || signal.aborted) throw error;
      deps.log.warn(`${what} failed; retrying`, { error: String(error), retryInMs: wait });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

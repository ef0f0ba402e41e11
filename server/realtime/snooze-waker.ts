import { wakeSnoozedConversations } from "../domain/conversations/inbox-actions.ts";
import type { Deps } from "../domain/deps.ts";

/**
 * Wakes due snoozed conversations every `everyMs` on this node. Every node may run it: each wake-up is a
 * compare-and-set, so two nodes never wake the same conversation twice. Returns the function that stops it.
 */
export function startSnoozeWaker(deps: Deps, everyMs = 30_000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await wakeSnoozedConversations(deps);
    } catch (error) {
      deps.log.error("waking snoozed conversations failed", { error: String(error) });
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

import type { Config } from "../config.ts";
import { wakeSnoozedConversations } from "../domain/conversations/snooze-conversation.ts";
import type { Deps } from "../domain/deps.ts";
import { sendDueEmailReplies } from "../domain/email-replies/email-replies.ts";
import { checkCandidate } from "../domain/releases/controller.ts";
import { requeueFromVanishedAgents } from "../domain/routing/requeue-offline.ts";
import { dispatchDueDeliveries } from "../domain/webhooks/dispatch.ts";
import { sweepAbandonedWrites } from "../storage/database-storage.ts";
import { startPeriodicJob } from "./periodic-job.ts";

/**
 * The periodic jobs every node runs; each claims its work with a compare-and-set, so nothing happens twice across
 * the cluster. Returns one function that stops them all.
 */
export function startJobs(deps: Deps, config: Pick<Config, "storage" | "releases">, isStopping: () => boolean): () => void {
  const stops = [
    startPeriodicJob(deps, {
      name: "webhook dispatch",
      everyMs: 1000,
      run: () => (isStopping() ? Promise.resolve() : dispatchDueDeliveries(deps)),
    }),
    startPeriodicJob(deps, { name: "waking snoozed conversations", everyMs: 30_000, run: () => wakeSnoozedConversations(deps) }),
    startPeriodicJob(deps, { name: "requeueing chats of vanished agents", everyMs: 20_000, run: () => requeueFromVanishedAgents(deps) }),
    startPeriodicJob(deps, { name: "emailing replies", everyMs: 5_000, run: () => sendDueEmailReplies(deps) }),
    ...(config.storage.kind === "database"
      ? [
          startPeriodicJob(deps, {
            name: "sweeping abandoned uploads",
            everyMs: 10 * 60_000,
            run: () => sweepAbandonedWrites(deps.db, new Date(Date.now() - 60 * 60_000)),
          }),
        ]
      : []),
    startPeriodicJob(deps, {
      name: "widget canary controller",
      everyMs: config.releases.checkEveryMs,
      run: () => checkCandidate(deps, config.releases),
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

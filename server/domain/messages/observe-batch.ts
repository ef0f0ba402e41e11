import type { Deps } from "../deps.ts";
import type { CommitOutcome } from "./commit-messages.ts";

/** Reports a finished batch commit to metrics: its size, and each new message's wait from hand-in to commit. Always true. */
export function observeBatch(deps: Deps, outcomes: CommitOutcome[]): true {
  if (!deps.metrics) return true;
  const handedInAt = outcomes.flatMap((outcome) =>
    outcome.kind === "committed" && !outcome.duplicate ? [Date.parse(outcome.message.createdAt)] : [],
  );
  deps.metrics.batchCommitted(outcomes.length, deps.now().getTime(), handedInAt);
  return true;
}

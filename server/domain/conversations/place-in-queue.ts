import type { Deps } from "../deps.ts";

/**
 * A queued conversation takes its place in a team's queue: the team, and since when it waits (queue order), by
 * compare-and-set on `version` and only while it is still queued. False when it moved meanwhile (taken, resolved).
 */
export async function placeInQueue(
  deps: Deps,
  input: { organizationId: string; conversationId: string; expectedVersion: number; teamId: string; waitingSince: Date },
): Promise<boolean> {
  const placed = await deps.db.conversation.updateMany({
    where: { id: input.conversationId, organizationId: input.organizationId, version: input.expectedVersion, state: "queued" },
    data: { teamId: input.teamId, queuedAt: input.waitingSince, version: { increment: 1 } },
  });
  return placed.count > 0;
}

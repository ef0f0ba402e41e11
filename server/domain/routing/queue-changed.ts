import type { QueueChanged } from "../../contracts/queue.ts";
import { topics } from "../../bus/topics.ts";
import type { Deps } from "../deps.ts";

/**
 * Tells every node that a team's queue moved (someone joined, left or was assigned, or capacity changed), so each
 * recomputes the places of its own queued visitors. Best effort: the database is the truth and a node that missed
 * it catches up on the next change or when its bus subscription resumes.
 */
export async function publishQueueChanged(deps: Deps, organizationId: string, teamId: string | null): Promise<void> {
  if (!teamId) return;
  const event: QueueChanged = { teamId };
  try {
    await deps.bus.publish(topics.queue(organizationId), event);
  } catch (error) {
    deps.log.warn("queue change not published", { teamId, error: String(error) });
  }
}

/** An agent came online or left: the wait estimates of their teams' queues changed. */
export async function publishAgentTeamsChanged(deps: Deps, organizationId: string, userId: string): Promise<void> {
  const memberships = await deps.db.teamMember.findMany({ where: { organizationId, userId }, select: { teamId: true } });
  for (const { teamId } of memberships) await publishQueueChanged(deps, organizationId, teamId);
}

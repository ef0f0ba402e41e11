import type { QueueStatus } from "../../contracts/queue.ts";
import type { Deps } from "../deps.ts";
import { isOpen } from "./business-hours.ts";
import { queueOrder } from "./drain-queue.ts";
import { loadTeamStates, type Presence } from "./team-state.ts";
import { estimateSampleSize, estimateWait, estimateWindowMs, type WaitInputs } from "./wait-estimate.ts";

/** A site queues at most 10,000 (admin limit); a team shared by several sites is read this far and no further. */
export const maxQueueRead = 10_000;

/** A team's queue in the order drain serves it: conversation ids, head first. */
export async function readTeamQueue(deps: Deps, input: { organizationId: string; teamId: string }): Promise<string[]> {
  const rows = await deps.db.conversation.findMany({
    where: { organizationId: input.organizationId, teamId: input.teamId, state: "queued", queuedAt: { not: null } },
    orderBy: [...queueOrder],
    select: { id: true },
    take: maxQueueRead,
  });
  return rows.map((row) => row.id);
}

/** What the wait estimate is computed from: the team's recent handle times and its online agents' slots. */
export async function readWaitInputs(deps: Deps, presence: Presence, input: { organizationId: string; teamId: string }): Promise<WaitInputs> {
  const now = deps.now();
  const [teams, recent] = await Promise.all([
    loadTeamStates(deps, presence, input.organizationId, [input.teamId]),
    deps.db.conversation.findMany({
      where: {
        organizationId: input.organizationId,
        teamId: input.teamId,
        state: "resolved",
        firstResponseAt: { not: null },
        resolvedAt: { gte: new Date(now.getTime() - estimateWindowMs) },
      },
      orderBy: { resolvedAt: "desc" },
      select: { firstResponseAt: true, resolvedAt: true },
      take: estimateSampleSize,
    }),
  ]);
  const team = teams.get(input.teamId);
  // A closed team frees no slots until it opens: no estimate rather than a wrong one.
  const open = !!team && isOpen(team.businessHours, now);
  const onlineSlots = open ? team.agents.filter((agent) => agent.online).reduce((sum, agent) => sum + agent.maxConcurrentChats, 0) : 0;
  const handleTimesMs = recent.map((row) => row.resolvedAt!.getTime() - row.firstResponseAt!.getTime()).filter((ms) => ms >= 0);
  return { handleTimesMs, onlineSlots };
}

/** The status of each conversation in `queue`, by id: its 1-based place, the queue's length, the estimate. */
export function statusesOf(queue: readonly string[], inputs: WaitInputs): (conversationId: string) => QueueStatus | null {
  const index = new Map(queue.map((id, i) => [id, i]));
  return (conversationId) => {
    const at = index.get(conversationId);
    if (at === undefined) return null;
    return { position: at + 1, queueLength: queue.length, estimate: estimateWait(at + 1, inputs) };
  };
}

/** Which of these conversations wait in a team's queue, and in which team (one query, for many visitors at once). */
export async function queuedTeamsOf(deps: Deps, organizationId: string, conversationIds: readonly string[]): Promise<Set<string>> {
  const teams = new Set<string>();
  for (let start = 0; start < conversationIds.length; start += 1000) {
    const rows = await deps.db.conversation.findMany({
      where: { organizationId, id: { in: conversationIds.slice(start, start + 1000) }, state: "queued", queuedAt: { not: null }, teamId: { not: null } },
      select: { teamId: true },
      distinct: ["teamId"],
    });
    for (const row of rows) teams.add(row.teamId!);
  }
  return teams;
}

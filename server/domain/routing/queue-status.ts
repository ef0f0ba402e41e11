import type { QueueStatus } from "../../contracts/queue.ts";
import type { Deps } from "../deps.ts";
import { businessHoursSchema } from "../../contracts/routing.ts";
import { isOpen } from "./business-hours.ts";
import { queueOrder } from "./drain-queue.ts";
import type { Presence } from "./team-state.ts";
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

/** How long the team's recent chats took, first reply to resolution, newest first: the slow-moving half of the estimate. */
export async function readHandleTimes(deps: Deps, input: { organizationId: string; teamId: string }): Promise<number[]> {
  const recent = await deps.db.conversation.findMany({
    where: {
      organizationId: input.organizationId,
      teamId: input.teamId,
      state: "resolved",
      firstResponseAt: { not: null },
      resolvedAt: { gte: new Date(deps.now().getTime() - estimateWindowMs) },
    },
    orderBy: { resolvedAt: "desc" },
    select: { firstResponseAt: true, resolvedAt: true },
    take: estimateSampleSize,
  });
  return recent.map((row) => row.resolvedAt!.getTime() - row.firstResponseAt!.getTime()).filter((ms) => ms >= 0);
}

/** Chats the team's online, active members can hold at once; 0 while the team is closed (it frees no slots then). */
export async function readOnlineSlots(deps: Deps, presence: Presence, input: { organizationId: string; teamId: string }): Promise<number> {
  const [team, online] = await Promise.all([
    deps.db.team.findFirst({
      where: { id: input.teamId, organizationId: input.organizationId },
      select: {
        businessHours: true,
        members: { where: { user: { deactivatedAt: null } }, select: { user: { select: { id: true, maxConcurrentChats: true } } } },
      },
    }),
    presence.onlineAgentIds(input.organizationId),
  ]);
  if (!team) return 0;
  const hours = businessHoursSchema.safeParse(team.businessHours);
  if (!isOpen(hours.success ? hours.data : null, deps.now())) return 0;
  return team.members.reduce((sum, { user }) => sum + (online.has(user.id) ? user.maxConcurrentChats : 0), 0);
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
      where: {
        organizationId,
        id: { in: conversationIds.slice(start, start + 1000) },
        state: "queued",
        queuedAt: { not: null },
        teamId: { not: null },
      },
      select: { teamId: true },
      distinct: ["teamId"],
    });
    for (const row of rows) teams.add(row.teamId!);
  }
  return teams;
}

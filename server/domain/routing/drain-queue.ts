import type { Deps } from "../deps.ts";
import { assignConversation } from "../conversations/assign.ts";
import { rankAgents } from "./decide-route.ts";
import { isOpen } from "./business-hours.ts";
import { loadTeamStates, type Presence } from "./team-state.ts";

/** Bounds one drain: a queue longer than this is served by the next trigger (another slot freeing up). */
const maxAssignmentsPerDrain = 500;

/** FIFO: oldest waiting first, the id breaking ties. Queue positions shown to visitors use the same order. */
export const queueOrder = [{ queuedAt: "asc" }, { id: "asc" }] as const satisfies { queuedAt?: "asc"; id?: "asc" }[];

/**
 * Serves a team's queue oldest first while any online member has a free slot. Called when a slot frees up, an agent
 * comes online, or joins the team. Safe to run on several nodes at once: each assignment is atomic, and a node that
 * loses a race for the head of the queue simply moves on to the next conversation.
 */
export async function drainTeamQueue(
  deps: Deps,
  presence: Presence,
  input: { organizationId: string; teamId: string },
): Promise<{ assigned: string[] }> {
  const assigned: string[] = [];
  const skipped = new Set<string>();
  while (assigned.length < maxAssignmentsPerDrain) {
    const team = (await loadTeamStates(deps, presence, input.organizationId, [input.teamId])).get(input.teamId);
    if (!team || !isOpen(team.businessHours, deps.now())) break;
    const agents = rankAgents(team);
    if (agents.length === 0) break;
    const next = await deps.db.conversation.findFirst({
      where: { organizationId: input.organizationId, teamId: input.teamId, state: "queued", id: { notIn: [...skipped] } },
      orderBy: [...queueOrder],
      select: { id: true, version: true },
    });
    if (!next) break;
    let taken = false;
    for (const agent of agents) {
      const outcome = await assignConversation(deps, {
        organizationId: input.organizationId,
        conversationId: next.id,
        expectedVersion: next.version,
        agentId: agent.userId,
        teamId: input.teamId,
        actorId: null,
      });
      if (outcome.assigned) {
        assigned.push(next.id);
        taken = true;
        break;
      }
      if (outcome.reason === "conversation_changed") break;
    }
    // Changed under us (taken by another node, or by an agent): look again; it is no longer the head if it was taken.
    if (!taken) skipped.add(next.id);
  }
  return { assigned };
}

/** The visitor's place in their team's queue (1 = next), or null when not queued. */
export async function queuePosition(deps: Deps, input: { organizationId: string; conversationId: string }): Promise<number | null> {
  const conversation = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: input.organizationId },
    select: { state: true, teamId: true, queuedAt: true, id: true },
  });
  if (conversation?.state !== "queued" || !conversation.teamId || !conversation.queuedAt) return null;
  const ahead = await deps.db.conversation.count({
    where: {
      organizationId: input.organizationId,
      teamId: conversation.teamId,
      state: "queued",
      OR: [{ queuedAt: { lt: conversation.queuedAt } }, { queuedAt: conversation.queuedAt, id: { lt: conversation.id } }],
    },
  });
  return ahead + 1;
}

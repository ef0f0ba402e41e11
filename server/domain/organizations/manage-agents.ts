import type { AgentIdentity } from "../agents/agent-identity.ts";
import { announceAccessChange } from "../agents/access-change.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { changeConversationState } from "../conversations/change-state.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { drainTeamQueue } from "../routing/drain-queue.ts";
import { routingPresence } from "../routing/presence.ts";

export async function listAgents(deps: Deps, organizationId: string) {
  const users = await deps.db.user.findMany({
    where: { organizationId },
    include: { teams: { select: { teamId: true } } },
    orderBy: [{ deactivatedAt: "asc" }, { name: "asc" }],
  });
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    maxConcurrentChats: user.maxConcurrentChats,
    teamIds: user.teams.map((member) => member.teamId),
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
  }));
}

async function findAgent(deps: Deps, organizationId: string, userId: string) {
  const user = await deps.db.user.findFirst({ where: { id: userId, organizationId } });
  if (!user) throw new AppError("NOT_FOUND", "agent not found");
  return user;
}

export type AgentChanges = { role?: "admin" | "agent"; maxConcurrentChats?: number; teamIds?: string[] };

/** Role, capacity and team memberships. An admin cannot change their own role, so an organization keeps an admin. */
export async function updateAgent(deps: Deps, admin: AgentIdentity, input: { userId: string } & AgentChanges) {
  const user = await findAgent(deps, admin.organizationId, input.userId);
  if (input.role && input.role !== user.role && user.id === admin.userId) {
    throw new AppError("BAD_REQUEST", "you cannot change your own role");
  }
  const teamIds = input.teamIds ? [...new Set(input.teamIds)] : undefined;
  if (teamIds) {
    const found = await deps.db.team.count({ where: { organizationId: admin.organizationId, id: { in: teamIds } } });
    if (found !== teamIds.length) throw new AppError("NOT_FOUND", "team not found");
  }
  const previousTeams = (await deps.db.teamMember.findMany({ where: { userId: user.id }, select: { teamId: true } })).map((m) => m.teamId);
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { role: input.role, maxConcurrentChats: input.maxConcurrentChats },
    });
    if (teamIds) {
      await tx.teamMember.deleteMany({ where: { userId: user.id, organizationId: admin.organizationId, teamId: { notIn: teamIds } } });
      const added = teamIds.filter((teamId) => !previousTeams.includes(teamId));
      for (const teamId of added) await tx.teamMember.create({ data: { organizationId: admin.organizationId, teamId, userId: user.id } });
    }
  });
  // Open sockets of that agent hold the old role: every node closes them, and they come back with the new one.
  if (input.role && input.role !== user.role) await announceAccessChange(deps, { reason: "role_changed", userId: user.id });
  const { userId, ...details } = input;
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "agent.update",
    targetType: "user",
    targetId: userId,
    details,
  });
  // A new member or more capacity can take waiting conversations.
  await drainTeams(deps, admin.organizationId, teamIds ?? previousTeams);
}

/**
 * Deactivated users cannot log in (their sessions end now) and get no new chats; their open chats go back to the
 * queue through the state machine and are re-routed to whoever in the team is free.
 */
export async function deactivateAgent(deps: Deps, admin: AgentIdentity, input: { userId: string }) {
  const user = await findAgent(deps, admin.organizationId, input.userId);
  if (user.id === admin.userId) throw new AppError("BAD_REQUEST", "you cannot deactivate yourself");
  if (user.deactivatedAt) throw new AppError("CONFLICT", "agent is already deactivated");
  await deps.db.user.update({ where: { id: user.id }, data: { deactivatedAt: deps.now() } });
  await deps.db.session.deleteMany({ where: { userId: user.id } });
  await announceAccessChange(deps, { reason: "deactivated", userId: user.id });
  await deps.presence.remove(admin.organizationId, user.id);
  const open = await deps.db.conversation.findMany({
    where: { organizationId: admin.organizationId, assigneeId: user.id, state: { in: ["assigned", "pending", "snoozed"] } },
    select: { id: true, teamId: true },
  });
  for (const conversation of open) {
    await changeConversationState(deps, {
      organizationId: admin.organizationId,
      conversationId: conversation.id,
      to: "queued",
      actor: { kind: "agent", id: admin.userId },
    });
  }
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "agent.deactivate",
    targetType: "user",
    targetId: user.id,
    details: { requeued: open.length },
  });
  await drainTeams(
    deps,
    admin.organizationId,
    open.flatMap((conversation) => (conversation.teamId ? [conversation.teamId] : [])),
  );
  return { requeued: open.length };
}

export async function reactivateAgent(deps: Deps, admin: AgentIdentity, input: { userId: string }) {
  const user = await findAgent(deps, admin.organizationId, input.userId);
  if (!user.deactivatedAt) throw new AppError("CONFLICT", "agent is already active");
  await deps.db.user.update({ where: { id: user.id }, data: { deactivatedAt: null } });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "agent.reactivate",
    targetType: "user",
    targetId: user.id,
  });
}

async function drainTeams(deps: Deps, organizationId: string, teamIds: string[]) {
  for (const teamId of new Set(teamIds)) await drainTeamQueue(deps, routingPresence(deps), { organizationId, teamId });
}

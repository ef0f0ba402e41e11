import { Prisma } from "../../store/generated/mysql/client.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { BusinessHours } from "../../contracts/routing.ts";
import { drainTeamQueue } from "../routing/drain-queue.ts";
import { routingPresence } from "../routing/presence.ts";

export type TeamChanges = { name?: string; strategy?: "round_robin" | "least_busy"; businessHours?: BusinessHours | null };

export async function listTeams(deps: Deps, organizationId: string) {
  const teams = await deps.db.team.findMany({
    where: { organizationId },
    include: { members: { select: { userId: true } } },
    orderBy: { name: "asc" },
  });
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    strategy: team.strategy,
    businessHours: team.businessHours as BusinessHours | null,
    memberIds: team.members.map((member) => member.userId),
  }));
}

async function audit(deps: Deps, admin: AgentIdentity, action: string, teamId: string, details?: Record<string, unknown>) {
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action,
    targetType: "team",
    targetId: teamId,
    details,
  });
}

export async function createTeam(deps: Deps, admin: AgentIdentity, input: { name: string; strategy: "round_robin" | "least_busy" }) {
  const team = await deps.db.team.create({ data: { organizationId: admin.organizationId, name: input.name, strategy: input.strategy } });
  await audit(deps, admin, "team.create", team.id, input);
  return { id: team.id };
}

export async function updateTeam(deps: Deps, admin: AgentIdentity, input: { id: string } & TeamChanges) {
  const { id, businessHours, ...rest } = input;
  const updated = await deps.db.team.updateMany({
    where: { id, organizationId: admin.organizationId },
    // A column NULL (not JSON null) means "always open", as routing reads it.
    data: { ...rest, ...(businessHours !== undefined ? { businessHours: businessHours ?? Prisma.DbNull } : {}) },
  });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "team not found");
  await audit(deps, admin, "team.update", id, { ...rest, ...(businessHours !== undefined ? { businessHours } : {}) });
  // Opening hours or a strategy change can make waiting conversations assignable now.
  await drainTeamQueue(deps, routingPresence(deps), { organizationId: admin.organizationId, teamId: id });
}

/** Its rules go with it; sites that used it as their default team fall back to none. */
export async function deleteTeam(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const team = await deps.db.team.findFirst({ where: { id: input.id, organizationId: admin.organizationId } });
  if (!team) throw new AppError("NOT_FOUND", "team not found");
  await deps.db.$transaction(async (tx) => {
    await tx.site.updateMany({ where: { organizationId: admin.organizationId, defaultTeamId: team.id }, data: { defaultTeamId: null } });
    await tx.team.delete({ where: { id: team.id } });
  });
  await audit(deps, admin, "team.delete", team.id, { name: team.name });
}

/** Replaces the member list; every user must belong to the organization. New members start taking the queue. */
export async function setTeamMembers(deps: Deps, admin: AgentIdentity, input: { id: string; userIds: string[] }) {
  const userIds = [...new Set(input.userIds)];
  const team = await deps.db.team.findFirst({ where: { id: input.id, organizationId: admin.organizationId } });
  if (!team) throw new AppError("NOT_FOUND", "team not found");
  const users = await deps.db.user.count({ where: { organizationId: admin.organizationId, id: { in: userIds } } });
  if (users !== userIds.length) throw new AppError("NOT_FOUND", "agent not found");
  await deps.db.$transaction(async (tx) => {
    await tx.teamMember.deleteMany({ where: { teamId: team.id, userId: { notIn: userIds } } });
    const existing = new Set((await tx.teamMember.findMany({ where: { teamId: team.id }, select: { userId: true } })).map((m) => m.userId));
    for (const userId of userIds.filter((id) => !existing.has(id))) {
      await tx.teamMember.create({ data: { organizationId: admin.organizationId, teamId: team.id, userId } });
    }
  });
  await audit(deps, admin, "team.members", team.id, { userIds });
  await drainTeamQueue(deps, routingPresence(deps), { organizationId: admin.organizationId, teamId: team.id });
}

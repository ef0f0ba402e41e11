import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

export type OrganizationSettings = { name: string; defaultLanguage: string; timezone: string };

export async function getOrganizationSettings(deps: Deps, organizationId: string) {
  const organization = await deps.db.organization.findUnique({ where: { id: organizationId } });
  if (!organization) throw new AppError("NOT_FOUND", "organization not found");
  return { id: organization.id, name: organization.name, defaultLanguage: organization.defaultLanguage, timezone: organization.timezone };
}

/** Who is signed in, with the organization's default language (the inbox and dashboard start in it). */
export async function signedInAgent(deps: Deps, agent: AgentIdentity) {
  const organization = await deps.db.organization.findUnique({ where: { id: agent.organizationId }, select: { defaultLanguage: true } });
  return { ...agent, organizationLanguage: organization?.defaultLanguage ?? "en" };
}

export async function updateOrganizationSettings(deps: Deps, admin: AgentIdentity, changes: Partial<OrganizationSettings>) {
  await deps.db.organization.update({ where: { id: admin.organizationId }, data: changes });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "organization.update",
    targetType: "organization",
    targetId: admin.organizationId,
    details: changes,
  });
  return getOrganizationSettings(deps, admin.organizationId);
}

import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { RoutingCondition } from "../../contracts/routing.ts";

const maxRulesPerSite = 100;

async function requireSite(deps: Deps, organizationId: string, siteId: string) {
  const site = await deps.db.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
}

async function requireTeam(deps: Deps, organizationId: string, teamId: string) {
  const team = await deps.db.team.findFirst({ where: { id: teamId, organizationId }, select: { id: true } });
  if (!team) throw new AppError("NOT_FOUND", "team not found");
}

async function audit(deps: Deps, admin: AgentIdentity, action: string, ruleId: string, details?: Record<string, unknown>) {
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action,
    targetType: "routing_rule",
    targetId: ruleId,
    details,
  });
}

/** A site's rules in the order routing tries them. */
export async function listRoutingRules(deps: Deps, organizationId: string, siteId: string) {
  await requireSite(deps, organizationId, siteId);
  const rules = await deps.db.routingRule.findMany({ where: { organizationId, siteId }, orderBy: [{ position: "asc" }, { id: "asc" }] });
  return rules.map((rule) => ({
    id: rule.id,
    teamId: rule.teamId,
    conditions: rule.conditions as RoutingCondition[],
    position: rule.position,
  }));
}

/** Appended last: an admin adds a rule, then moves it up if it should win over earlier ones. */
export async function addRoutingRule(
  deps: Deps,
  admin: AgentIdentity,
  input: { siteId: string; teamId: string; conditions: RoutingCondition[] },
) {
  await requireSite(deps, admin.organizationId, input.siteId);
  await requireTeam(deps, admin.organizationId, input.teamId);
  const where = { organizationId: admin.organizationId, siteId: input.siteId };
  if ((await deps.db.routingRule.count({ where })) >= maxRulesPerSite)
    throw new AppError("BAD_REQUEST", `a site can have at most ${maxRulesPerSite} rules`);
  const last = await deps.db.routingRule.findFirst({ where, orderBy: { position: "desc" }, select: { position: true } });
  const rule = await deps.db.routingRule.create({
    data: { ...where, teamId: input.teamId, conditions: input.conditions, position: (last?.position ?? -1) + 1 },
  });
  await audit(deps, admin, "routing_rule.create", rule.id, { siteId: input.siteId, teamId: input.teamId, conditions: input.conditions });
  return { id: rule.id };
}

export async function updateRoutingRule(
  deps: Deps,
  admin: AgentIdentity,
  input: { id: string; teamId: string; conditions: RoutingCondition[] },
) {
  await requireTeam(deps, admin.organizationId, input.teamId);
  const updated = await deps.db.routingRule.updateMany({
    where: { id: input.id, organizationId: admin.organizationId },
    data: { teamId: input.teamId, conditions: input.conditions },
  });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "routing rule not found");
  await audit(deps, admin, "routing_rule.update", input.id, { teamId: input.teamId, conditions: input.conditions });
}

export async function deleteRoutingRule(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const deleted = await deps.db.routingRule.deleteMany({ where: { id: input.id, organizationId: admin.organizationId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "routing rule not found");
  await audit(deps, admin, "routing_rule.delete", input.id);
}

/** `ruleIds` is the site's complete list of rules in their new order. */
export async function reorderRoutingRules(deps: Deps, admin: AgentIdentity, input: { siteId: string; ruleIds: string[] }) {
  await requireSite(deps, admin.organizationId, input.siteId);
  const current = await deps.db.routingRule.findMany({
    where: { organizationId: admin.organizationId, siteId: input.siteId },
    select: { id: true },
  });
  const ids = new Set(current.map((rule) => rule.id));
  if (
    new Set(input.ruleIds).size !== input.ruleIds.length ||
    input.ruleIds.length !== ids.size ||
    !input.ruleIds.every((id) => ids.has(id))
  ) {
    throw new AppError("BAD_REQUEST", "ruleIds must list every rule of the site exactly once");
  }
  await deps.db.$transaction(async (tx) => {
    for (const [position, id] of input.ruleIds.entries()) await tx.routingRule.update({ where: { id }, data: { position } });
  });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "routing_rule.reorder",
    targetType: "site",
    targetId: input.siteId,
    details: { ruleIds: input.ruleIds },
  });
}

import type { Deps } from "../deps.ts";

type Row = { actorId: string | null; targetType: string; targetId: string | null; details: Record<string, unknown> | null };

/** Each line with `names`: the names of the ids it mentions that still exist. */
export async function withAuditNames<T extends Row>(
  deps: Deps,
  organizationId: string,
  rows: T[],
): Promise<(T & { names: Record<string, string> })[]> {
  const all = await auditNames(deps, organizationId, rows);
  return rows.map((row) => {
    const names: Record<string, string> = {};
    for (const id of idsOf(row)) if (all[id] !== undefined) names[id] = all[id];
    return { ...row, names };
  });
}

function idsOf(row: Row): string[] {
  const ids: string[] = [];
  if (row.actorId) ids.push(row.actorId);
  if (row.targetId) ids.push(row.targetId);
  for (const [key, value] of Object.entries(row.details ?? {})) {
    if (!/Ids?$/.test(key)) continue;
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === "string" && id.length <= 40) ids.push(id);
  }
  return ids;
}

/**
 * Names for the ids an audit line mentions (its actor, its target, and ids inside its details such as
 * `defaultTeamId`), so the dashboard shows "Ann changed site Docs: default team Sales → (none)" and not cuid soup.
 * One query per kind of thing for the whole page, each scoped to the organization; a deleted thing has no name and
 * the id is shown.
 */
async function auditNames(deps: Deps, organizationId: string, rows: Row[]): Promise<Record<string, string>> {
  const ids = new Set(rows.flatMap(idsOf));
  if (ids.size === 0) return {};
  const id = { in: [...ids] };
  const where = { organizationId, id };
  const [users, sites, teams, labels, tokens, webhooks, canned, invitations, organizations] = await Promise.all([
    deps.db.user.findMany({ where, select: { id: true, name: true } }),
    deps.db.site.findMany({ where, select: { id: true, name: true } }),
    deps.db.team.findMany({ where, select: { id: true, name: true } }),
    deps.db.label.findMany({ where, select: { id: true, name: true } }),
    deps.db.apiToken.findMany({ where, select: { id: true, name: true } }),
    deps.db.webhook.findMany({ where, select: { id: true, url: true } }),
    deps.db.cannedResponse.findMany({ where, select: { id: true, shortcut: true } }),
    deps.db.invitation.findMany({ where, select: { id: true, email: true } }),
    deps.db.organization.findMany({ where: { id: { in: [organizationId] } }, select: { id: true, name: true } }),
  ]);
  const names: Record<string, string> = {};
  for (const row of [...users, ...sites, ...teams, ...labels, ...tokens, ...organizations]) names[row.id] = row.name;
  for (const row of webhooks) names[row.id] = row.url;
  for (const row of canned) names[row.id] = `/${row.shortcut}`;
  for (const row of invitations) names[row.id] = row.email;
  return names;
}

import type { Deps } from "../deps.ts";

export type AuditEntry = {
  organizationId: string;
  /** The acting user; null for the system. */
  actorId: string | null;
  /** `<area>.<verb>`, e.g. "site.update", "token.create", "agent.role_change". */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** What changed. Never secrets: callers pass names and ids, not tokens or passwords. */
  details?: Record<string, unknown>;
};

/** Appends one line to the organization's audit log. Called by every admin change, after it is committed. */
export async function recordAudit(deps: Deps, entry: AuditEntry): Promise<void> {
  await deps.db.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      actorId: entry.actorId,
      action: entry.action.slice(0, 64),
      targetType: entry.targetType.slice(0, 32),
      targetId: entry.targetId ?? null,
      details: (entry.details ?? undefined) as object | undefined,
      createdAt: deps.now(),
    },
  });
}

export type AuditQuery = {
  organizationId: string;
  action?: string;
  actorId?: string;
  targetType?: string;
  before?: Date;
  limit: number;
};

/** Newest first; `before` pages back. Always within one organization. */
export async function listAudit(deps: Deps, query: AuditQuery) {
  const rows = await deps.db.auditLog.findMany({
    where: {
      organizationId: query.organizationId,
      ...(query.action ? { action: { startsWith: query.action } } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.before ? { createdAt: { lt: query.before } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), details: row.details as Record<string, unknown> | null }));
}

import type { CannedInput, CannedResponseView } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/**
 * Canned responses: personal (ownerId = the agent) or shared with the organization (ownerId null). Anyone may read
 * the shared ones; only admins change them. Personal ones are their owner's alone.
 */
type Row = { id: string; ownerId: string | null; shortcut: string; title: string; body: string };

const toView =
  (agent: AgentIdentity) =>
  (row: Row): CannedResponseView => ({
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    shared: row.ownerId === null,
    mine: row.ownerId === agent.userId,
  });

/** Per owner, and for the organization's shared ones. */
export const maxCannedPerOwner = 500;

/**
 * A shortcut names one canned response within its scope (one agent's own, or the organization's shared ones), so
 * "/hi" in the picker is not two different texts. Checked, not a unique index: MySQL lets NULL owners repeat.
 */
export async function assertShortcutFree(
  deps: Deps,
  scope: { organizationId: string; ownerId: string | null; shortcut: string; exceptId?: string },
): Promise<void> {
  const clash = await deps.db.cannedResponse.findFirst({
    where: {
      organizationId: scope.organizationId,
      ownerId: scope.ownerId,
      shortcut: scope.shortcut,
      ...(scope.exceptId ? { id: { not: scope.exceptId } } : {}),
    },
    select: { id: true },
  });
  if (clash)
    throw new AppError("CONFLICT", `${scope.ownerId === null ? "a shared" : "your"} canned response "/${scope.shortcut}" already exists`);
}

/** Changes to the shared ones are the organization's business: they go in its audit log, whoever made them where. */
export async function auditSharedCanned(
  deps: Deps,
  agent: AgentIdentity,
  verb: "create" | "update" | "delete",
  row: { id: string; shortcut: string },
) {
  await recordAudit(deps, {
    organizationId: agent.organizationId,
    actorId: agent.userId,
    action: `canned.${verb}`,
    targetType: "canned_response",
    targetId: row.id,
    details: { shortcut: row.shortcut },
  });
}

export async function listCannedResponses(deps: Deps, agent: AgentIdentity): Promise<CannedResponseView[]> {
  const rows = await deps.db.cannedResponse.findMany({
    where: { organizationId: agent.organizationId, OR: [{ ownerId: null }, { ownerId: agent.userId }] },
    orderBy: [{ shortcut: "asc" }, { createdAt: "asc" }],
    take: maxCannedPerOwner * 2,
  });
  return rows.map(toView(agent));
}

function assertMayWrite(agent: AgentIdentity, shared: boolean) {
  if (shared && agent.role !== "admin") throw new AppError("FORBIDDEN", "only admins may change shared canned responses");
}

export async function createCannedResponse(deps: Deps, agent: AgentIdentity, input: CannedInput): Promise<CannedResponseView> {
  assertMayWrite(agent, input.shared);
  const ownerId = input.shared ? null : agent.userId;
  const count = await deps.db.cannedResponse.count({ where: { organizationId: agent.organizationId, ownerId } });
  if (count >= maxCannedPerOwner) throw new AppError("BAD_REQUEST", `at most ${maxCannedPerOwner} canned responses`);
  await assertShortcutFree(deps, { organizationId: agent.organizationId, ownerId, shortcut: input.shortcut });
  const row = await deps.db.cannedResponse.create({
    data: { organizationId: agent.organizationId, ownerId, shortcut: input.shortcut, title: input.title.trim(), body: input.body },
  });
  if (ownerId === null) await auditSharedCanned(deps, agent, "create", row);
  return toView(agent)(row);
}

async function findWritable(deps: Deps, agent: AgentIdentity, id: string) {
  const row = await deps.db.cannedResponse.findFirst({
    where: { id, organizationId: agent.organizationId, OR: [{ ownerId: null }, { ownerId: agent.userId }] },
  });
  if (!row) throw new AppError("NOT_FOUND", "canned response not found");
  assertMayWrite(agent, row.ownerId === null);
  return row;
}

export async function updateCannedResponse(
  deps: Deps,
  agent: AgentIdentity,
  input: CannedInput & { id: string },
): Promise<CannedResponseView> {
  const row = await findWritable(deps, agent, input.id);
  assertMayWrite(agent, input.shared);
  const ownerId = input.shared ? null : agent.userId;
  await assertShortcutFree(deps, { organizationId: agent.organizationId, ownerId, shortcut: input.shortcut, exceptId: row.id });
  const updated = await deps.db.cannedResponse.update({
    where: { id: row.id },
    data: { shortcut: input.shortcut, title: input.title.trim(), body: input.body, ownerId },
  });
  if (row.ownerId === null || ownerId === null) await auditSharedCanned(deps, agent, "update", updated);
  return toView(agent)(updated);
}

export async function deleteCannedResponse(deps: Deps, agent: AgentIdentity, input: { id: string }): Promise<void> {
  const row = await findWritable(deps, agent, input.id);
  await deps.db.cannedResponse.delete({ where: { id: row.id } });
  if (row.ownerId === null) await auditSharedCanned(deps, agent, "delete", row);
}

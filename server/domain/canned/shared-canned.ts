import type { SharedCannedInput, SharedCannedView } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { assertShortcutFree, auditSharedCanned, maxCannedPerOwner } from "./canned-responses.ts";

/**
 * The organization's shared canned responses as the dashboard manages them (admins only, enforced by the router).
 * Every agent of the organization sees these in the inbox's picker; each change is audited.
 */
type Row = { id: string; shortcut: string; title: string; body: string; updatedAt: Date };

const toView = (row: Row): SharedCannedView => ({
  id: row.id,
  shortcut: row.shortcut,
  title: row.title,
  body: row.body,
  updatedAt: row.updatedAt.toISOString(),
});
const select = { id: true, shortcut: true, title: true, body: true, updatedAt: true } as const;

/** All of them, or those whose shortcut, title or text contains `query` (case-insensitive for Latin letters on both databases). */
export async function listSharedCanned(deps: Deps, organizationId: string, input: { query?: string }): Promise<SharedCannedView[]> {
  const query = input.query?.trim().replace(/^\//, "");
  const rows = await deps.db.cannedResponse.findMany({
    where: {
      organizationId,
      ownerId: null,
      ...(query ? { OR: [{ shortcut: { contains: query } }, { title: { contains: query } }, { body: { contains: query } }] } : {}),
    },
    orderBy: [{ shortcut: "asc" }, { createdAt: "asc" }],
    take: maxCannedPerOwner,
    select,
  });
  return rows.map(toView);
}

export async function createSharedCanned(deps: Deps, admin: AgentIdentity, input: SharedCannedInput): Promise<SharedCannedView> {
  const organizationId = admin.organizationId;
  if ((await deps.db.cannedResponse.count({ where: { organizationId, ownerId: null } })) >= maxCannedPerOwner) {
    throw new AppError("BAD_REQUEST", `at most ${maxCannedPerOwner} shared canned responses`);
  }
  await assertShortcutFree(deps, { organizationId, ownerId: null, shortcut: input.shortcut });
  const row = await deps.db.cannedResponse.create({
    data: { organizationId, ownerId: null, shortcut: input.shortcut, title: input.title, body: input.body },
    select,
  });
  await auditSharedCanned(deps, admin, "create", row);
  return toView(row);
}

export async function updateSharedCanned(
  deps: Deps,
  admin: AgentIdentity,
  input: SharedCannedInput & { id: string },
): Promise<SharedCannedView> {
  const organizationId = admin.organizationId;
  await assertShortcutFree(deps, { organizationId, ownerId: null, shortcut: input.shortcut, exceptId: input.id });
  const { count } = await deps.db.cannedResponse.updateMany({
    where: { id: input.id, organizationId, ownerId: null },
    data: { shortcut: input.shortcut, title: input.title, body: input.body },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "shared canned response not found");
  const row = await deps.db.cannedResponse.findFirstOrThrow({ where: { id: input.id, organizationId }, select });
  await auditSharedCanned(deps, admin, "update", row);
  return toView(row);
}

export async function deleteSharedCanned(deps: Deps, admin: AgentIdentity, input: { id: string }): Promise<{ deleted: true }> {
  const organizationId = admin.organizationId;
  const row = await deps.db.cannedResponse.findFirst({ where: { id: input.id, organizationId, ownerId: null }, select });
  if (!row) throw new AppError("NOT_FOUND", "shared canned response not found");
  await deps.db.cannedResponse.deleteMany({ where: { id: row.id, organizationId } });
  await auditSharedCanned(deps, admin, "delete", row);
  return { deleted: true };
}

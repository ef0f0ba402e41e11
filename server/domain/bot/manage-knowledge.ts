import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/** Admin-managed knowledge of one site: FAQ entries (question variants + answer) and pasted documents. */

async function assertSite(deps: Deps, organizationId: string, siteId: string) {
  const site = await deps.db.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
}

const asStrings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

export async function listFaqs(deps: Deps, organizationId: string, siteId: string) {
  await assertSite(deps, organizationId, siteId);
  const rows = await deps.db.botFaq.findMany({ where: { organizationId, siteId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    questions: asStrings(row.questions),
    answer: row.answer,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function saveFaq(
  deps: Deps,
  admin: AgentIdentity,
  input: { id?: string; siteId: string; questions: string[]; answer: string },
) {
  await assertSite(deps, admin.organizationId, input.siteId);
  const data = { questions: input.questions, answer: input.answer };
  let id = input.id;
  if (id) {
    const updated = await deps.db.botFaq.updateMany({ where: { id, organizationId: admin.organizationId, siteId: input.siteId }, data });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "FAQ entry not found");
  } else {
    id = (await deps.db.botFaq.create({ data: { organizationId: admin.organizationId, siteId: input.siteId, ...data } })).id;
  }
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: input.id ? "bot.faq_update" : "bot.faq_create",
    targetType: "bot_faq",
    targetId: id,
  });
  return { id };
}

export async function deleteFaq(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const deleted = await deps.db.botFaq.deleteMany({ where: { id: input.id, organizationId: admin.organizationId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "FAQ entry not found");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "bot.faq_delete",
    targetType: "bot_faq",
    targetId: input.id,
  });
}

export async function listDocuments(deps: Deps, organizationId: string, siteId: string) {
  await assertSite(deps, organizationId, siteId);
  const rows = await deps.db.botDocument.findMany({ where: { organizationId, siteId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ id: row.id, title: row.title, body: row.body, updatedAt: row.updatedAt.toISOString() }));
}

export async function saveDocument(deps: Deps, admin: AgentIdentity, input: { id?: string; siteId: string; title: string; body: string }) {
  await assertSite(deps, admin.organizationId, input.siteId);
  const data = { title: input.title, body: input.body };
  let id = input.id;
  if (id) {
    const updated = await deps.db.botDocument.updateMany({
      where: { id, organizationId: admin.organizationId, siteId: input.siteId },
      data,
    });
    if (updated.count === 0) throw new AppError("NOT_FOUND", "document not found");
  } else {
    id = (await deps.db.botDocument.create({ data: { organizationId: admin.organizationId, siteId: input.siteId, ...data } })).id;
  }
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: input.id ? "bot.document_update" : "bot.document_create",
    targetType: "bot_document",
    targetId: id,
    details: { title: input.title, characters: input.body.length },
  });
  return { id };
}

export async function deleteDocument(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const deleted = await deps.db.botDocument.deleteMany({ where: { id: input.id, organizationId: admin.organizationId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "document not found");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "bot.document_delete",
    targetType: "bot_document",
    targetId: input.id,
  });
}

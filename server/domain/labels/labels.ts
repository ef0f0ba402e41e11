import { labelLimits, type LabelView } from "../../contracts/labels.ts";
import { conversationForAgent } from "../conversations/access.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { afterCommit } from "../effects.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";

/**
 * Organization labels (admins create, rename, recolor, delete) and their use on conversations (any agent of the
 * organization adds or removes them). Every query is scoped to the agent's organization, so another organization's
 * label id is simply "not found".
 */
const labelSelect = { id: true, name: true, color: true } as const;

export async function listLabels(deps: Deps, organizationId: string): Promise<LabelView[]> {
  return deps.db.label.findMany({
    where: { organizationId },
    orderBy: { name: "asc" },
    take: labelLimits.perOrganization,
    select: labelSelect,
  });
}

const duplicate = (name: string) => new AppError("CONFLICT", `a label named "${name}" already exists`);

export async function createLabel(deps: Deps, admin: AgentIdentity, input: { name: string; color: string }): Promise<LabelView> {
  const organizationId = admin.organizationId;
  if ((await deps.db.label.count({ where: { organizationId } })) >= labelLimits.perOrganization) {
    throw new AppError("BAD_REQUEST", `at most ${labelLimits.perOrganization} labels`);
  }
  try {
    const label = await deps.db.label.create({
      data: { organizationId, name: input.name, color: input.color.toLowerCase() },
      select: labelSelect,
    });
    await recordAudit(deps, {
      organizationId,
      actorId: admin.userId,
      action: "label.create",
      targetType: "label",
      targetId: label.id,
      details: { name: label.name },
    });
    return label;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name);
    throw error;
  }
}

export async function updateLabel(
  deps: Deps,
  admin: AgentIdentity,
  input: { id: string; name?: string; color?: string },
): Promise<LabelView> {
  const organizationId = admin.organizationId;
  try {
    const { count } = await deps.db.label.updateMany({
      where: { id: input.id, organizationId },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.color !== undefined ? { color: input.color.toLowerCase() } : {}),
      },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "label not found");
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.name ?? "");
    throw error;
  }
  await recordAudit(deps, {
    organizationId,
    actorId: admin.userId,
    action: "label.update",
    targetType: "label",
    targetId: input.id,
    details: input,
  });
  return deps.db.label.findFirstOrThrow({ where: { id: input.id, organizationId }, select: labelSelect });
}

export async function deleteLabel(deps: Deps, admin: AgentIdentity, input: { id: string }): Promise<{ deleted: true }> {
  const organizationId = admin.organizationId;
  const label = await deps.db.label.findFirst({ where: { id: input.id, organizationId }, select: { id: true } });
  if (!label) throw new AppError("NOT_FOUND", "label not found");
  // Explicitly, not by relying on the foreign key's cascade, which SQLite honours only with foreign_keys on.
  await deps.db.$transaction(async (tx) => {
    await tx.conversationLabel.deleteMany({ where: { organizationId, labelId: label.id } });
    await tx.label.deleteMany({ where: { id: label.id, organizationId } });
  });
  await recordAudit(deps, { organizationId, actorId: admin.userId, action: "label.delete", targetType: "label", targetId: input.id });
  return { deleted: true };
}

/** Adds or removes one label on one conversation; both must be the agent's organization's. Idempotent. */
export async function setConversationLabel(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string; labelId: string; on: boolean },
): Promise<{ labelIds: string[] }> {
  const organizationId = agent.organizationId;
  const [conversation, label] = await Promise.all([
    conversationForAgent(deps, agent, input.conversationId, { id: true, _count: { select: { labels: true } } }),
    deps.db.label.findFirst({ where: { id: input.labelId, organizationId }, select: { id: true } }),
  ]);
  if (!label) throw new AppError("NOT_FOUND", "label not found");
  const key = { conversationId: conversation.id, labelId: label.id };
  if (input.on) {
    if (conversation._count.labels >= labelLimits.perConversation)
      throw new AppError("BAD_REQUEST", `at most ${labelLimits.perConversation} labels on a conversation`);
    // Two agents adding the same label at once: the second insert loses the race and there is nothing left to do.
    await deps.db.conversationLabel.create({ data: { organizationId, ...key } }).catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
    });
  } else {
    await deps.db.conversationLabel.deleteMany({ where: { organizationId, ...key } });
  }
  await afterCommit(deps, { organizationId, conversationId: conversation.id, inbox: { reason: "labels" } });
  const rows = await deps.db.conversationLabel.findMany({
    where: { organizationId, conversationId: conversation.id },
    select: { labelId: true },
  });
  return { labelIds: rows.map((row) => row.labelId) };
}

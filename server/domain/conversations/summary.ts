import type { ConversationSummary, InboxEvent } from "../../contracts/messages.ts";
import { topics } from "../../bus/topics.ts";
import type { Conversation, Visitor } from "../../store/generated/mysql/client.ts";
import type { Deps } from "../deps.ts";

export const summarySelect = {
  id: true,
  siteId: true,
  visitorId: true,
  state: true,
  assigneeId: true,
  teamId: true,
  version: true,
  lastSeq: true,
  lastMessageAt: true,
  lastMessagePreview: true,
  createdAt: true,
  agentReadSeq: true,
  visitorReadSeq: true,
  firstResponseAt: true,
  snoozedUntil: true,
  visitor: { select: { name: true, country: true } },
  labels: { select: { labelId: true }, orderBy: { createdAt: "asc" } },
} as const;

type SummaryRow = Pick<
  Conversation,
  "id" | "siteId" | "visitorId" | "state" | "assigneeId" | "version" | "lastSeq" | "lastMessageAt" | "lastMessagePreview" | "createdAt"
  | "agentReadSeq" | "visitorReadSeq" | "firstResponseAt" | "snoozedUntil" | "teamId"
> & { visitor: Pick<Visitor, "name" | "country">; labels: { labelId: string }[] };

export function toSummary(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    siteId: row.siteId,
    visitorId: row.visitorId,
    visitorName: row.visitor.name,
    state: row.state,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    version: row.version,
    lastSeq: row.lastSeq,
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    lastMessagePreview: row.lastMessagePreview,
    createdAt: row.createdAt.toISOString(),
    agentReadSeq: row.agentReadSeq,
    visitorReadSeq: row.visitorReadSeq,
    firstResponseAt: row.firstResponseAt?.toISOString() ?? null,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    labelIds: row.labels.map((label) => label.labelId),
    country: row.visitor.country,
  };
}

/** Tells every agent of the organization that a conversation row changed. Best effort, after commit. */
export async function publishInboxChange(
  deps: Deps,
  organizationId: string,
  conversationId: string,
  reason: InboxEvent["reason"],
): Promise<void> {
  try {
    const row = await deps.db.conversation.findFirst({ where: { id: conversationId, organizationId }, select: summarySelect });
    if (row) await publishInboxSummary(deps, organizationId, toSummary(row), reason);
  } catch (error) {
    deps.log.error("inbox publish failed", { conversationId, error: String(error) });
  }
}

/** Tells every agent of the organization about a conversation row already read (with the message that changed it). */
export async function publishInboxSummary(
  deps: Deps,
  organizationId: string,
  conversation: ConversationSummary,
  reason: InboxEvent["reason"],
): Promise<void> {
  try {
    const event: InboxEvent = { kind: "conversation", reason, conversation };
    await deps.bus.publish(topics.inbox(organizationId), event);
  } catch (error) {
    deps.log.error("inbox publish failed", { conversationId: conversation.id, error: String(error) });
  }
}

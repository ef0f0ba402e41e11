import type { ConversationSummary } from "../../contracts/messages.ts";
import type { SummaryRow } from "../../store/message-statements.ts";

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

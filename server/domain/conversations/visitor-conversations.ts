import type { VisitorMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { conversationForVisitor, readableVisitorIds } from "./access.ts";
import { listMessages } from "../messages/list-messages.ts";
import { toVisitorMessage } from "../messages/message-dto.ts";
import type { VisitorRef } from "./open-for-visitor.ts";

/** A row of the widget's "your conversations" list. */
export type VisitorConversationRow = {
  id: string;
  state: string;
  createdAt: string;
  lastMessageAt: string | null;
  preview: string | null;
  /** The one the widget shows and writes into (this device's latest); the others are read-only. */
  current: boolean;
};

const listLimit = 50;

/** The visitor's conversations, newest first: the current one and the past ones they may read. */
export async function listVisitorConversations(deps: Deps, visitor: VisitorRef): Promise<VisitorConversationRow[]> {
  const visitorIds = await readableVisitorIds(deps, visitor);
  const rows = await deps.db.conversation.findMany({
    where: { organizationId: visitor.organizationId, siteId: visitor.siteId, visitorId: { in: visitorIds } },
    orderBy: { createdAt: "desc" },
    take: listLimit,
    select: { id: true, state: true, createdAt: true, lastMessageAt: true, lastMessagePreview: true, visitorId: true },
  });
  const currentId = rows.find((row) => row.visitorId === visitor.visitorId)?.id ?? null;
  return rows.map((row) => ({
    id: row.id,
    state: row.state,
    createdAt: row.createdAt.toISOString(),
    lastMessageAt: row.lastMessageAt?.toISOString() ?? null,
    preview: row.lastMessagePreview,
    current: row.id === currentId,
  }));
}

/** One of the visitor's conversations, read-only, a page at a time (no internal notes). NOT_FOUND for any other. */
export async function visitorConversationPage(
  deps: Deps,
  visitor: VisitorRef,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): Promise<{ conversationId: string; state: string; messages: VisitorMessage[]; hasOlder: boolean }> {
  const conversation = await conversationForVisitor(deps, visitor, input.conversationId, { id: true, state: true });
  const page = await listMessages(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    beforeSeq: input.beforeSeq,
    limit: input.limit,
    includeNotes: false,
  });
  return {
    conversationId: conversation.id,
    state: conversation.state,
    messages: page.messages.map(toVisitorMessage),
    hasOlder: page.hasOlder,
  };
}

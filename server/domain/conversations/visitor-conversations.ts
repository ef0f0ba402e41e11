import type { VisitorMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
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

/**
 * Whose conversations this visitor may read: their own (this device), and, once the site has verified who they are
 * (identify() with the HMAC), those of every device the same verified user used on this site. A claimed but
 * unverified identity never widens the set: anyone can claim an id.
 */
export async function readableVisitorIds(deps: Deps, visitor: VisitorRef): Promise<string[]> {
  const self = await deps.db.visitor.findFirst({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId, siteId: visitor.siteId },
    select: { externalId: true, identityVerified: true },
  });
  if (!self?.externalId || !self.identityVerified) return [visitor.visitorId];
  const same = await deps.db.visitor.findMany({
    where: { organizationId: visitor.organizationId, siteId: visitor.siteId, externalId: self.externalId, identityVerified: true },
    select: { id: true },
    take: 100,
  });
  return [...new Set([visitor.visitorId, ...same.map((row) => row.id)])];
}

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
  const visitorIds = await readableVisitorIds(deps, visitor);
  const conversation = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: visitor.organizationId, siteId: visitor.siteId, visitorId: { in: visitorIds } },
    select: { id: true, state: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "conversation not found");
  const page = await listMessages(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    beforeSeq: input.beforeSeq,
    limit: input.limit,
    includeNotes: false,
  });
  return { conversationId: conversation.id, state: conversation.state, messages: page.messages.map(toVisitorMessage), hasOlder: page.hasOlder };
}

import { ulid } from "ulid";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { appendMessage } from "../messages/append-message.ts";
import { findVisitorConversation } from "./access.ts";
import type { VisitorRef } from "./open-for-visitor.ts";
import { afterCommit } from "../effects.ts";

export type Rating = { score: number; comment?: string };

/**
 * The visitor rates their resolved chat (CSAT): once per resolution — a reopened and resolved-again chat may be rated
 * again. The rating goes into the thread as an event line agents see (the widget shows no line for it) and into
 * reports.
 */
export async function rateConversation(deps: Deps, visitor: VisitorRef, rating: Rating): Promise<{ conversationId: string }> {
  const conversation = await findVisitorConversation(deps, visitor);
  if (!conversation) throw new AppError("NOT_FOUND", "there is no conversation to rate");
  if (conversation.state !== "resolved" || !conversation.resolvedAt)
    throw new AppError("CONFLICT", "a conversation can be rated once it is resolved");
  const comment = rating.comment?.trim() || null;
  const now = deps.now();
  // Compare-and-set on the moment: rated already for this resolution, or reopened meanwhile → nothing changes.
  const rated = await deps.db.conversation.updateMany({
    where: {
      id: conversation.id,
      organizationId: visitor.organizationId,
      state: "resolved",
      resolvedAt: conversation.resolvedAt,
      OR: [{ ratedAt: null }, { ratedAt: { lt: conversation.resolvedAt } }],
    },
    data: { ratingScore: rating.score, ratingComment: comment, ratedAt: now },
  });
  if (rated.count === 0) throw new AppError("CONFLICT", "this conversation has already been rated");
  await appendMessage(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    clientMsgId: `sys-${ulid()}`,
    senderKind: "system",
    senderId: visitor.visitorId,
    type: "event",
    body: JSON.stringify({ event: "rating", score: rating.score, comment }),
  });
  await afterCommit(deps, { organizationId: visitor.organizationId, conversationId: conversation.id, inbox: { reason: "state" } });
  return { conversationId: conversation.id };
}

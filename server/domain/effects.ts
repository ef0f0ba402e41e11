import { topics } from "../bus/topics.ts";
import type { ConversationSummary, InboxEvent } from "../contracts/messages.ts";
import { summarySelect, toSummary } from "./conversations/summary.ts";
import type { Deps } from "./deps.ts";
import { publishQueueChanged } from "./routing/queue-changed.ts";

/**
 * What the rest of the system hears of one committed change to a conversation, in one step instead of wired by
 * hand at each call site: the inbox row and the queues that moved. A change that wrote a message already published
 * its inbox row from that commit (messages/publish-committed.ts, the send path's after-commit step) and names no
 * `inbox` here. Webhooks are not an after-commit effect: their deliveries are written inside the transaction of the
 * change (webhooks/enqueue.ts:enqueueWebhookEventsIn), except message.created, which the send path's batch enqueues
 * right after its commit with one prepared look-up (messages/append-message.ts).
 */
export type Effects = {
  organizationId: string;
  conversationId: string;
  /** Tell the inbox list: from the committed row when the caller has it, else read once here. */
  inbox?: { reason: InboxEvent["reason"]; conversation?: ConversationSummary };
  /** Teams whose queue moved: every node recomputes its visitors' places (null: no team, nothing to tell). */
  queuesMoved?: (string | null)[];
};

/**
 * Runs after the commit, never inside it, and never fails the action that caused it: a publish that fails is logged
 * (subscribers repair from the database), a webhook that fails to enqueue is logged (webhooks/enqueue.ts).
 */
export async function afterCommit(deps: Deps, effects: Effects): Promise<void> {
  const { organizationId, conversationId } = effects;
  if (effects.inbox) {
    const conversation = effects.inbox.conversation ?? (await committedSummary(deps, organizationId, conversationId));
    if (conversation) await publishInbox(deps, organizationId, { kind: "conversation", reason: effects.inbox.reason, conversation });
  }
  for (const teamId of new Set(effects.queuesMoved ?? [])) await publishQueueChanged(deps, organizationId, teamId);
}

async function committedSummary(deps: Deps, organizationId: string, conversationId: string): Promise<ConversationSummary | null> {
  try {
    const row = await deps.db.conversation.findFirst({ where: { id: conversationId, organizationId }, select: summarySelect });
    return row ? toSummary(row) : null;
  } catch (error) {
    deps.log.error("inbox publish failed", { conversationId, error: String(error) });
    return null;
  }
}

async function publishInbox(deps: Deps, organizationId: string, event: InboxEvent): Promise<void> {
  try {
    await deps.bus.publish(topics.inbox(organizationId), event);
  } catch (error) {
    deps.log.error("inbox publish failed", { conversationId: event.conversation.id, error: String(error) });
  }
}

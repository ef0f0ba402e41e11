import { newMessageId } from "../messages/message-id.ts";
import { threadEventBody, type StateEvent } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import type { PendingWebhookEvent } from "../webhooks/enqueue.ts";

/** The webhook a state change sends, written by the caller inside the transaction of its compare-and-set. */
export function stateChangeWebhooks(organizationId: string, conversationId: string, event: StateEvent): PendingWebhookEvent[] {
  if (event.to !== "assigned" && event.to !== "resolved") return [];
  return [
    { organizationId, event: `conversation.${event.to}`, payload: { conversationId, from: event.from, assigneeId: event.assigneeId } },
  ];
}

/**
 * What follows every committed state change, whoever made it (changeConversationState, assignConversation): a system
 * event line in the thread and the inbox event built from that line's commit (the webhook went in with the change).
 */
export async function recordStateChange(
  deps: Deps,
  input: { organizationId: string; conversationId: string; event: StateEvent; actorId: string | null },
): Promise<void> {
  await appendMessage(deps, {
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    clientMsgId: `sys-${newMessageId()}`,
    senderKind: "system",
    senderId: input.actorId,
    type: "event",
    body: threadEventBody(input.event),
    // The inbox row as this commit left it, published once behind it: no second read of the conversation.
    inboxReason: "state",
  });
}

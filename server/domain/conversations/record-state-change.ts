import { newMessageId } from "../messages/message-id.ts";
import { threadEventBody, type StateEvent } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import { enqueueWebhookEvent } from "../webhooks/enqueue.ts";

/**
 * What follows every committed state change, whoever made it (changeConversationState, assignConversation): a system
 * event line in the thread, the inbox event built from that line's commit, and the webhook.
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
  if (input.event.to === "assigned" || input.event.to === "resolved") {
    await enqueueWebhookEvent(deps, input.organizationId, `conversation.${input.event.to}`, {
      conversationId: input.conversationId,
      from: input.event.from,
      assigneeId: input.event.assigneeId,
    });
  }
}

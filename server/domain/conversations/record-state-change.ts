import { ulid } from "ulid";
import type { ConversationState } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import { enqueueWebhookEvent } from "../webhooks/enqueue.ts";
import { publishInboxChange } from "./summary.ts";

/** A system event line in the thread: machine-readable, rendered by each client in its own language. */
export type StateEvent = { event: "state"; from: ConversationState; to: ConversationState; assigneeId: string | null };

/**
 * What follows every committed state change, whoever made it (changeConversationState, or assignConversation for routing): a system event
 * line in the thread and an inbox event.
 */
export async function recordStateChange(
  deps: Deps,
  input: { organizationId: string; conversationId: string; event: StateEvent; actorId: string | null },
): Promise<void> {
  await appendMessage(deps, {
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    clientMsgId: `sys-${ulid()}`,
    senderKind: "system",
    senderId: input.actorId,
    type: "event",
    body: JSON.stringify(input.event),
  });
  await publishInboxChange(deps, input.organizationId, input.conversationId, "state");
  if (input.event.to === "assigned" || input.event.to === "resolved") {
    await enqueueWebhookEvent(deps, input.organizationId, `conversation.${input.event.to}`, {
      conversationId: input.conversationId,
      from: input.event.from,
      assigneeId: input.event.assigneeId,
    });
  }
}

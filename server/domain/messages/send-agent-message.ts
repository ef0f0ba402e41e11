import type { SendAck } from "../../contracts/messages.ts";
import { conversationForAgent } from "../conversations/access.ts";
import { changeConversationState } from "../conversations/change-state.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { queueEmailReply } from "../email-replies/email-replies.ts";
import { appendMessage } from "./append-message.ts";

/** `type` and `preview` are for attachments (server/domain/attachments/upload-attachment.ts); text is the default. */
export type SendAgentMessageInput = {
  conversationId: string;
  clientMsgId: string;
  body: string;
  type?: "text" | "attachment";
  preview?: string;
};

/**
 * An agent replies. Replying to an unassigned conversation takes it (compare-and-set: if another agent took it a
 * moment earlier, the reply still goes in and the conversation stays theirs). The first reply stamps firstResponseAt.
 */
export async function sendAgentMessage(deps: Deps, agent: AgentIdentity, input: SendAgentMessageInput): Promise<SendAck> {
  const conversation = await conversationForAgent(deps, agent, input.conversationId, {
    id: true,
    assigneeId: true,
    state: true,
    version: true,
  });

  if (!conversation.assigneeId && (conversation.state === "queued" || conversation.state === "bot")) {
    await changeConversationState(deps, {
      organizationId: agent.organizationId,
      conversationId: conversation.id,
      to: "assigned",
      assigneeId: agent.userId,
      expectedVersion: conversation.version,
      actor: { kind: "agent", id: agent.userId },
    }).catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  }

  const { message, duplicate } = await appendMessage(deps, {
    organizationId: agent.organizationId,
    conversationId: conversation.id,
    clientMsgId: input.clientMsgId,
    senderKind: "agent",
    senderId: agent.userId,
    type: input.type ?? "text",
    body: input.body,
    preview: input.preview,
    firstResponse: true,
    inboxReason: "message",
  });
  if (!duplicate) await queueEmailReply(deps, agent.organizationId, message);
  return { id: message.id, conversationId: conversation.id, seq: message.seq, duplicate };
}

import type { SendAck } from "../../contracts/messages.ts";
import { openConversationForVisitor, type VisitorRef } from "../conversations/open-for-visitor.ts";
import { publishInboxChange } from "../conversations/summary.ts";
import type { Deps } from "../deps.ts";
import { routeVisitorConversation } from "../routing/route-visitor-conversation.ts";
import { appendMessage } from "./append-message.ts";
import { startBotTurn } from "../bot/bot-runner.ts";

export type SendVisitorMessageInput = { clientMsgId: string; body: string };

/** A visitor writes: into their open conversation, reopening or opening one as needed. Acked after commit. */
export async function sendVisitorMessage(deps: Deps, visitor: VisitorRef, input: SendVisitorMessageInput): Promise<SendAck> {
  const conversation = await openConversationForVisitor(deps, visitor);
  const { message, duplicate } = await appendMessage(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    clientMsgId: input.clientMsgId,
    senderKind: "visitor",
    senderId: visitor.visitorId,
    type: "text",
    body: input.body,
  });
  if (!duplicate) await publishInboxChange(deps, visitor.organizationId, conversation.id, "message");
  // A conversation that has not been through routing yet (new, or reopened) goes to a team and an agent now.
  if (!duplicate && conversation.state === "queued" && conversation.queuedAt === null) await routeVisitorConversation(deps, conversation);
  // The bot answers after the ack (server/domain/bot/bot-runner.ts); it routes the conversation if it hands off.
  if (!duplicate && conversation.state === "bot") {
    startBotTurn(deps, { organizationId: visitor.organizationId, conversationId: conversation.id, message: { id: message.id, body: message.body } });
  }
  return { id: message.id, conversationId: conversation.id, seq: message.seq, duplicate };
}

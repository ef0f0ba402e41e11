import type { SendAck } from "../../contracts/messages.ts";
import { openConversationForVisitor, type VisitorRef } from "../conversations/open-for-visitor.ts";
import { publishInboxChange } from "../conversations/summary.ts";
import type { Deps } from "../deps.ts";
import { routeVisitorConversation } from "../routing/route-visitor-conversation.ts";
import { appendMessage } from "./append-message.ts";
import { startBotTurn } from "../bot/bot-runner.ts";

/** `type` and `preview` are for attachments (server/domain/attachments/upload-attachment.ts); text is the default. */
export type SendVisitorMessageInput = { clientMsgId: string; body: string; type?: "text" | "attachment"; preview?: string };

/** A visitor writes: into their open conversation, reopening or opening one as needed. Acked after commit. */
export async function sendVisitorMessage(deps: Deps, visitor: VisitorRef, input: SendVisitorMessageInput): Promise<SendAck> {
  const { conversation, opened } = await openConversationForVisitor(deps, visitor);
  const { message, duplicate } = await appendMessage(deps, {
    organizationId: visitor.organizationId,
    conversationId: conversation.id,
    clientMsgId: input.clientMsgId,
    senderKind: "visitor",
    senderId: visitor.visitorId,
    type: input.type ?? "text",
    body: input.body,
    preview: input.preview,
  });
  if (!duplicate) await publishInboxChange(deps, visitor.organizationId, conversation.id, "message");
  // A conversation this message created or reopened goes to a team and an agent now.
  if (opened && conversation.state === "queued") await routeVisitorConversation(deps, conversation);
  // The bot answers after the ack (server/domain/bot/bot-runner.ts); it routes the conversation if it hands off.
  if (!duplicate && conversation.state === "bot") {
    startBotTurn(deps, { organizationId: visitor.organizationId, conversationId: conversation.id, message: { id: message.id, body: message.body } });
  }
  return { id: message.id, conversationId: conversation.id, seq: message.seq, duplicate };
}

import type { Conversation } from "../../store/generated/mysql/client.ts";
import type { SendAck } from "../../contracts/messages.ts";
import { openConversationForVisitor, type VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { routeReopenedConversation } from "../routing/route-reopened.ts";
import { appendMessage, appendToOpenConversation, type AppendMessageInput } from "./append-message.ts";
import { startBotTurn } from "../bot/bot-runner.ts";

/** `type` and `preview` are for attachments (server/domain/attachments/upload-attachment.ts); text is the default. */
/** `fresh`: the visitor pressed "New conversation"; after a resolve this message starts one whatever the quiet time. */
export type SendVisitorMessageInput = {
  clientMsgId: string;
  body: string;
  type?: "text" | "attachment";
  preview?: string;
  fresh?: boolean;
};

/**
 * A visitor writes: into their open conversation, reopening or opening one as needed. Acked after commit.
 * The conversation id of a visitor's previous send is remembered, and the commit itself checks it is still open, so
 * the usual send makes no lookup first; any other state takes the slow path (open, reopen, wake).
 */
export async function sendVisitorMessage(deps: Deps, visitor: VisitorRef, input: SendVisitorMessageInput): Promise<SendAck> {
  const message = (conversationId: string): AppendMessageInput => ({
    organizationId: visitor.organizationId,
    conversationId,
    clientMsgId: input.clientMsgId,
    senderKind: "visitor",
    senderId: visitor.visitorId,
    type: input.type ?? "text",
    body: input.body,
    preview: input.preview,
    inboxReason: "message",
  });
  const hints = deps.openConversations;
  const hinted = hints.get(visitor.visitorId);
  const fast = hinted ? await appendToOpenConversation(deps, message(hinted)) : null;
  if (hinted && !fast) hints.delete(visitor.visitorId);

  let opened: Conversation | null = null;
  let lastAssigneeId: string | null = null;
  let appended = fast;
  if (!appended) {
    const open = await openConversationForVisitor(deps, visitor, { fresh: input.fresh });
    if (open.opened) ({ conversation: opened, lastAssigneeId = null } = open);
    appended = await appendMessage(deps, message(open.conversation.id));
    if (open.conversation.state !== "resolved") hints.set(visitor.visitorId, open.conversation.id);
  }
  const { message: stored, duplicate, conversation } = appended;
  // A conversation this message created or reopened goes to a team and an agent now (a reopened one first to the
  // agent who handled it, if they can take it).
  if (opened?.state === "queued") await routeReopenedConversation(deps, opened, lastAssigneeId);
  // The bot answers after the ack (server/domain/bot/bot-runner.ts); it routes the conversation if it hands off.
  if (!duplicate && conversation?.state === "bot") {
    startBotTurn(deps, {
      organizationId: visitor.organizationId,
      conversationId: stored.conversationId,
      message: { id: stored.id, body: stored.body },
    });
  }
  return { id: stored.id, conversationId: stored.conversationId, seq: stored.seq, duplicate };
}

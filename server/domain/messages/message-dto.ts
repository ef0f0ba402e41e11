import type { AgentMessage, VisitorMessage } from "../../contracts/messages.ts";
import type { Message } from "../../store/generated/mysql/client.ts";

export function toAgentMessage(message: Message): AgentMessage {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    clientMsgId: message.clientMsgId,
    senderKind: message.senderKind,
    senderId: message.senderId,
    type: message.type,
    body: message.body,
    createdAt: message.createdAt.toISOString(),
  };
}

/** Private notes never reach a visitor; callers filter them out before mapping (see isVisibleToVisitor). */
export function toVisitorMessage(message: Pick<Message, Exclude<keyof VisitorMessage, "authorName">> | AgentMessage): VisitorMessage {
  return {
    id: message.id,
    seq: message.seq,
    clientMsgId: message.clientMsgId,
    senderKind: message.senderKind,
    type: message.type,
    body: message.body,
    createdAt: typeof message.createdAt === "string" ? message.createdAt : message.createdAt.toISOString(),
  };
}

export function isVisibleToVisitor(message: { type: string }): boolean {
  return message.type !== "note";
}

/** The line shown in the inbox list under the visitor's name. */
export function previewOf(body: string): string {
  const oneLine = body.replace(/\s+/g, " ").trim();
  return oneLine.length > 140 ? `${oneLine.slice(0, 139)}…` : oneLine;
}

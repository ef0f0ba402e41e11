import type { AgentMessage, MessageType, SenderKind } from "../../contracts/messages.ts";
import { parseAttachmentMeta } from "../../contracts/attachments.ts";
import { topics } from "../../bus/topics.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { enqueueWebhookEvent } from "../webhooks/enqueue.ts";
import { previewOf, toAgentMessage } from "./message-dto.ts";

export type AppendMessageInput = {
  organizationId: string;
  conversationId: string;
  clientMsgId: string;
  senderKind: SenderKind;
  senderId: string | null;
  type: MessageType;
  body: string;
  /** The inbox list's line for this message, when the body is not readable text (an attachment's JSON). */
  preview?: string;
};

export type AppendedMessage = { message: AgentMessage; duplicate: boolean };

/**
 * Appends one message to a conversation: the one place a message is written.
 * - Idempotent by (conversationId, clientMsgId): a retry returns the stored message, never a second copy.
 * - seq is gap-free: the conversation's lastSeq is incremented in the same transaction that inserts the row; the
 *   row lock taken by that UPDATE orders concurrent senders on any number of nodes.
 * - Published on the bus only after the commit, so no subscriber sees a message that could still roll back.
 */
export async function appendMessage(deps: Deps, input: AppendMessageInput): Promise<AppendedMessage> {
  // No lookup first: retries are rare, and the unique (conversationId, clientMsgId) index turns one into a rolled
  // back insert below, answered with the stored row. Every query costs the send path about a millisecond of CPU.

  const now = deps.now();
  let message: AgentMessage;
  try {
    const row = await deps.db.$transaction(async (tx) => {
      const updated = await tx.conversation.updateMany({
        where: { id: input.conversationId, organizationId: input.organizationId },
        data: {
          lastSeq: { increment: 1 },
          lastMessageAt: now,
          ...(input.type === "note" || input.type === "event" ? {} : { lastMessagePreview: input.preview ?? previewOf(input.body) }),
        },
      });
      if (updated.count === 0) throw new AppError("NOT_FOUND", "conversation not found");
      const { lastSeq } = await tx.conversation.findUniqueOrThrow({
        where: { id: input.conversationId },
        select: { lastSeq: true },
      });
      return tx.message.create({
        data: {
          organizationId: input.organizationId,
          conversationId: input.conversationId,
          seq: lastSeq,
          clientMsgId: input.clientMsgId,
          senderKind: input.senderKind,
          senderId: input.senderId,
          type: input.type,
          body: input.body,
          createdAt: now,
        },
      });
      // Under a burst the pool can be busy for a while: wait for a connection rather than fail the send.
    }, { maxWait: 15_000, timeout: 10_000 });
    message = toAgentMessage(row);
  } catch (error) {
    // A retry of a stored clientMsgId (or two racing): the insert lost to the unique index; return the stored row.
    if (isUniqueViolation(error)) {
      const winner = await findByClientMsgId(deps, input);
      if (winner) return { message: winner, duplicate: true };
    }
    throw error;
  }

  await publishThreadMessage(deps, message);
  // Internal notes stay inside the team: a webhook receiver is outside it.
  // An attachment's metadata goes along parsed (never the bytes); receivers fetch the file with an agent's access.
  const attachment = message.type === "attachment" ? parseAttachmentMeta(message.body) : null;
  if (message.type !== "event" && message.type !== "note") {
    await enqueueWebhookEvent(deps, input.organizationId, "message.created", { message, ...(attachment ? { attachment } : {}) });
  }
  return { message, duplicate: false };
}

async function findByClientMsgId(deps: Deps, input: AppendMessageInput): Promise<AgentMessage | null> {
  const row = await deps.db.message.findFirst({
    where: {
      organizationId: input.organizationId,
      conversationId: input.conversationId,
      clientMsgId: input.clientMsgId,
    },
  });
  return row ? toAgentMessage(row) : null;
}

/**
 * A failed publish does not fail the send: the message is committed and every subscriber backfills from the database
 * when it (re)subscribes. It is logged, because live subscribers on other nodes miss it until then.
 */
async function publishThreadMessage(deps: Deps, message: AgentMessage): Promise<void> {
  try {
    await deps.bus.publish(topics.conversation(message.conversationId), message);
  } catch (error) {
    deps.log.error("publish after commit failed", { conversationId: message.conversationId, seq: message.seq, error: String(error) });
  }
}

import { ulid } from "ulid";
import type { AgentMessage, ConversationSummary, MessageType, SenderKind } from "../../contracts/messages.ts";
import type { Db } from "../../store/db.ts";
import { summarySelect, toSummary } from "../conversations/summary.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { previewOf, toAgentMessage } from "./message-dto.ts";

/** A message as its sender gives it, before it has an id and a seq. */
export type MessageFields = {
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

export type NewMessage = MessageFields & {
  /**
   * The conversation id is a cached hint (the visitor's open conversation): commit only if it is still open and
   * awake, otherwise answer `notOpen` and let the caller take the slow path that reopens or wakes it.
   */
  requireOpen?: boolean;
  /** An agent's reply: stamp firstResponseAt if this is the first one. */
  stampFirstResponse?: boolean;
  createdAt: Date;
};

export type CommitOutcome =
  | { kind: "committed"; organizationId: string; message: AgentMessage; duplicate: boolean; conversation: ConversationSummary | null }
  | { kind: "notOpen" }
  | { kind: "failed"; error: unknown };

/** States a cached visitor conversation must not be in: resolved reopens, snoozed wakes (both on the slow path). */
const notOpenStates = ["resolved", "snoozed"] as const;

/**
 * Commits several messages in one transaction, possibly for several conversations.
 * - seq stays gap-free and strictly increasing: each conversation's lastSeq is raised by its number of messages in
 *   one UPDATE, whose row lock orders concurrent batches on any node; the new rows take the seqs just below the
 *   resulting lastSeq. Conversations are updated in id order so two batches cannot deadlock on each other.
 * - A row the database refuses (a clientMsgId stored earlier, a value too long) rolls the batch back; every message
 *   is then committed on its own, so only that sender fails, and a stored clientMsgId answers with the stored row.
 */
export async function commitMessages(db: Db, batch: NewMessage[]): Promise<CommitOutcome[]> {
  if (batch.length === 1) return [await commitOne(db, batch[0]!)];
  try {
    return await commitTogether(db, batch);
  } catch {
    const outcomes: CommitOutcome[] = [];
    for (const message of batch) outcomes.push(await commitOne(db, message));
    return outcomes;
  }
}

async function commitOne(db: Db, message: NewMessage): Promise<CommitOutcome> {
  try {
    return (await commitTogether(db, [message]))[0]!;
  } catch (error) {
    // A retry of a stored clientMsgId (or two racing): the insert lost to the unique index; answer with the stored row.
    if (isUniqueViolation(error)) {
      const stored = await db.message.findFirst({
        where: { organizationId: message.organizationId, conversationId: message.conversationId, clientMsgId: message.clientMsgId },
      });
      if (stored) return { kind: "committed", organizationId: message.organizationId, message: toAgentMessage(stored), duplicate: true, conversation: null };
    }
    return { kind: "failed", error };
  }
}

type Group = { key: string; conversationId: string; organizationId: string; requireOpen: boolean; members: number[] };

async function commitTogether(db: Db, batch: NewMessage[]): Promise<CommitOutcome[]> {
  const outcomes: CommitOutcome[] = new Array(batch.length);
  const groups = groupByConversation(batch);
  await db.$transaction(
    async (tx) => {
      // How many seqs each conversation gave out in this transaction, in group order.
      const granted = new Map<string, Group[]>();
      for (const group of groups) {
        const members = group.members.map((index) => batch[index]!);
        const last = members.at(-1)!;
        const listed = members.filter((message) => message.type !== "note" && message.type !== "event").at(-1);
        const updated = await tx.conversation.updateMany({
          where: {
            id: group.conversationId,
            organizationId: group.organizationId,
            ...(group.requireOpen ? { state: { notIn: [...notOpenStates] } } : {}),
          },
          data: {
            lastSeq: { increment: members.length },
            lastMessageAt: last.createdAt,
            ...(listed ? { lastMessagePreview: listed.preview ?? previewOf(listed.body) } : {}),
          },
        });
        if (updated.count === 0) {
          for (const index of group.members) {
            outcomes[index] = group.requireOpen
              ? { kind: "notOpen" }
              : { kind: "failed", error: new AppError("NOT_FOUND", "conversation not found") };
          }
          continue;
        }
        if (members.some((message) => message.stampFirstResponse)) {
          await tx.conversation.updateMany({
            where: { id: group.conversationId, organizationId: group.organizationId, firstResponseAt: null },
            data: { firstResponseAt: last.createdAt },
          });
        }
        granted.set(group.conversationId, [...(granted.get(group.conversationId) ?? []), group]);
      }
      if (granted.size === 0) return;

      const organizationIds = [...new Set(groups.map((group) => group.organizationId))];
      const conversations = await tx.conversation.findMany({
        where: { id: { in: [...granted.keys()] }, organizationId: { in: organizationIds } },
        select: summarySelect,
      });
      const rows: (NewMessage & { id: string; seq: number })[] = [];
      const rowIndex: number[] = [];
      for (const conversation of conversations) {
        const conversationGroups = granted.get(conversation.id)!;
        const total = conversationGroups.reduce((sum, group) => sum + group.members.length, 0);
        let seq = conversation.lastSeq - total;
        const summary = toSummary(conversation);
        for (const group of conversationGroups) {
          for (const index of group.members) {
            const message = { ...batch[index]!, id: ulid().toLowerCase(), seq: ++seq };
            rows.push(message);
            rowIndex.push(index);
            outcomes[index] = { kind: "committed", organizationId: message.organizationId, message: toCommitted(message), duplicate: false, conversation: summary };
          }
        }
      }
      await tx.message.createMany({
        data: rows.map((row) => ({
          id: row.id,
          organizationId: row.organizationId,
          conversationId: row.conversationId,
          seq: row.seq,
          clientMsgId: row.clientMsgId,
          senderKind: row.senderKind,
          senderId: row.senderId,
          type: row.type,
          body: row.body,
          createdAt: row.createdAt,
        })),
      });
    },
    // Under a burst the pool can be busy for a while: wait for a connection rather than fail the send.
    { maxWait: 15_000, timeout: 10_000 },
  );
  return outcomes;
}

/** Groups in conversation id order (the lock order); a cached-hint group is kept apart from the unconditional one. */
function groupByConversation(batch: NewMessage[]): Group[] {
  const groups = new Map<string, Group>();
  batch.forEach((message, index) => {
    const requireOpen = message.requireOpen === true;
    const key = `${message.conversationId}\u0000${message.organizationId}\u0000${requireOpen}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, conversationId: message.conversationId, organizationId: message.organizationId, requireOpen, members: [] };
      groups.set(key, group);
    }
    group.members.push(index);
  });
  return [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function toCommitted(row: NewMessage & { id: string; seq: number }): AgentMessage {
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientMsgId: row.clientMsgId,
    senderKind: row.senderKind,
    senderId: row.senderId,
    type: row.type,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

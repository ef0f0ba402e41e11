import type { AgentMessage, ConversationSummary, MessageType, SenderKind } from "../../contracts/messages.ts";
import type { Db } from "../../store/db.ts";
import { messageStatementsFor, type MessageRow, type MessageStatements, type SeqGrant } from "../../store/message-statements.ts";
import { toSummary } from "../conversations/summary.ts";
import { AppError } from "../errors.ts";
import { previewOf, toAgentMessage } from "./message-dto.ts";
import { newMessageId } from "./message-id.ts";

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

/**
 * Commits several messages in one transaction, possibly for several conversations.
 * - seq stays gap-free and strictly increasing: each conversation's lastSeq is raised by its number of messages in
 *   one UPDATE, whose row lock orders concurrent batches on any node; the new rows take the seqs just below the
 *   resulting lastSeq. Conversations are updated in id order so two batches cannot deadlock on each other.
 * - A row the database refuses (a clientMsgId stored earlier, a value too long) rolls the batch back; every message
 *   is then committed on its own, so only that sender fails, and a stored clientMsgId answers with the stored row.
 */
export async function commitMessages(db: Db, batch: NewMessage[]): Promise<CommitOutcome[]> {
  const statements = messageStatementsFor(db);
  if (batch.length === 1) return [await commitOne(statements, batch[0]!)];
  try {
    return await commitTogether(statements, batch);
  } catch {
    const outcomes: CommitOutcome[] = [];
    for (const message of batch) outcomes.push(await commitOne(statements, message));
    return outcomes;
  }
}

async function commitOne(statements: MessageStatements, message: NewMessage): Promise<CommitOutcome> {
  try {
    return (await commitTogether(statements, [message]))[0]!;
  } catch (error) {
    // A retry of a stored clientMsgId (or two racing): the insert lost to the unique index; answer with the stored row.
    if (statements.isDuplicate(error)) {
      const stored = await statements.findByClientMsgId(message.organizationId, message.conversationId, message.clientMsgId);
      if (stored)
        return {
          kind: "committed",
          organizationId: message.organizationId,
          message: toAgentMessage(stored),
          duplicate: true,
          conversation: null,
        };
    }
    return { kind: "failed", error };
  }
}

type Group = { key: string; conversationId: string; organizationId: string; requireOpen: boolean; members: number[] };

async function commitTogether(statements: MessageStatements, batch: NewMessage[]): Promise<CommitOutcome[]> {
  const outcomes: CommitOutcome[] = new Array(batch.length);
  const groups = groupByConversation(batch);
  const grants: SeqGrant[] = groups.map((group) => {
    let last = batch[group.members[0]!]!;
    let listed: NewMessage | null = null;
    let firstResponse = false;
    for (const index of group.members) {
      const message = batch[index]!;
      last = message;
      if (message.type !== "note" && message.type !== "event") listed = message;
      if (message.stampFirstResponse) firstResponse = true;
    }
    return {
      conversationId: group.conversationId,
      organizationId: group.organizationId,
      count: group.members.length,
      lastMessageAt: last.createdAt,
      preview: listed ? (listed.preview ?? previewOf(listed.body)) : null,
      requireOpen: group.requireOpen,
      firstResponseAt: firstResponse ? last.createdAt : null,
    };
  });
  const { granted } = await statements.commit(grants, (summaries, matched) => {
    // How many seqs each conversation gave out in this transaction, in group order.
    const grantedGroups = new Map<string, Group[]>();
    groups.forEach((group, i) => {
      if (!matched[i]) return;
      const list = grantedGroups.get(group.conversationId);
      if (list) list.push(group);
      else grantedGroups.set(group.conversationId, [group]);
    });
    const rows: MessageRow[] = [];
    for (const [conversationId, conversationGroups] of grantedGroups) {
      const conversation = summaries.get(conversationId)!;
      let total = 0;
      for (const group of conversationGroups) total += group.members.length;
      let seq = conversation.lastSeq - total;
      const summary = toSummary(conversation);
      for (const group of conversationGroups) {
        for (const index of group.members) {
          const message = batch[index]!;
          const row: MessageRow = {
            id: newMessageId(message.createdAt.getTime()),
            organizationId: message.organizationId,
            conversationId: message.conversationId,
            seq: ++seq,
            clientMsgId: message.clientMsgId,
            senderKind: message.senderKind,
            senderId: message.senderId,
            type: message.type,
            body: message.body,
            createdAt: message.createdAt,
          };
          rows.push(row);
          outcomes[index] = {
            kind: "committed",
            organizationId: message.organizationId,
            message: toAgentMessage(row),
            duplicate: false,
            conversation: summary,
          };
        }
      }
    }
    return rows;
  });
  groups.forEach((group, i) => {
    if (granted[i]) return;
    for (const index of group.members) {
      outcomes[index] = group.requireOpen
        ? { kind: "notOpen" }
        : { kind: "failed", error: new AppError("NOT_FOUND", "conversation not found") };
    }
  });
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

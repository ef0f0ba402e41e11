import type { AgentMessage, ConversationSummary, InboxEvent } from "../../contracts/messages.ts";
import { parseAttachmentMeta } from "../../contracts/attachments.ts";
import type { Db } from "../../store/db.ts";
import { messageStatementsFor } from "../../store/message-statements.ts";
import type { Deps } from "../deps.ts";
import { enqueueWebhookEvents } from "../webhooks/enqueue.ts";
import type { CommitOutcome, MessageFields } from "./commit-messages.ts";
import { defaultBatchOptions, MessageBatcher } from "./message-batcher.ts";
import { observeBatch } from "./observe-batch.ts";
import { publishCommitted } from "./publish-committed.ts";

export type AppendMessageInput = MessageFields & {
  /** An agent's reply: stamp the conversation's firstResponseAt if this is the first one. */
  firstResponse?: boolean;
  /** Tell the inbox list too, with the row this commit left (a visitor's or an agent's message). */
  inboxReason?: InboxEvent["reason"];
};

/** `conversation`: the inbox row as committed with this message; null for a duplicate (nothing changed). */
export type AppendedMessage = { message: AgentMessage; duplicate: boolean; conversation: ConversationSummary | null };

/**
 * Appends one message to a conversation: the one place a message is written (batched, see message-batcher.ts).
 * - Idempotent by (conversationId, clientMsgId): a retry returns the stored message, never a second copy, and
 *   publishes it again — its first publish may have been lost with the node that committed it.
 * - seq is gap-free and taken under the conversation's row lock, which orders concurrent senders on any node.
 * - Resolves after the commit, never before: nobody sees a message that could still roll back. Publishing runs
 *   behind it (publish-committed.ts), so a slow bus never delays the ack.
 */
export async function appendMessage(deps: Deps, input: AppendMessageInput): Promise<AppendedMessage> {
  const appended = await commitAndPublish(deps, input, false);
  return appended!;
}

/**
 * Like appendMessage into a conversation id remembered from earlier (send-visitor-message.ts): null, with nothing
 * written, when that conversation is no longer open (resolved, snoozed, gone), so the caller reopens it first.
 */
export function appendToOpenConversation(deps: Deps, input: AppendMessageInput): Promise<AppendedMessage | null> {
  return commitAndPublish(deps, input, true);
}

async function commitAndPublish(deps: Deps, input: AppendMessageInput, requireOpen: boolean): Promise<AppendedMessage | null> {
  const outcome = await batcherFor(deps).commit({
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    clientMsgId: input.clientMsgId,
    senderKind: input.senderKind,
    senderId: input.senderId,
    type: input.type,
    body: input.body,
    preview: input.preview,
    requireOpen,
    stampFirstResponse: input.firstResponse,
    createdAt: deps.now(),
  });
  if (outcome.kind === "notOpen") return null;
  if (outcome.kind === "failed") throw outcome.error;
  const inbox = input.inboxReason && outcome.conversation ? { conversation: outcome.conversation, reason: input.inboxReason } : null;
  publishCommitted(deps, { organizationId: input.organizationId, message: outcome.message, inbox });
  return { message: outcome.message, duplicate: outcome.duplicate, conversation: outcome.conversation };
}

/** One batcher per database client, i.e. per process (tests build one client per node). */
const batchers = new WeakMap<Db, MessageBatcher>();

function batcherFor(deps: Deps): MessageBatcher {
  let batcher = batchers.get(deps.db);
  if (!batcher) {
    batcher = new MessageBatcher(
      deps.db,
      deps.messageBatch ?? defaultBatchOptions,
      (outcomes) => observeBatch(deps, outcomes) && enqueueMessageWebhooks(deps, outcomes),
    );
    batchers.set(deps.db, batcher);
  }
  return batcher;
}

/**
 * Internal notes stay inside the team: a webhook receiver is outside it. An attachment's metadata goes along parsed
 * (never the bytes); receivers fetch the file with an agent's access.
 */
async function enqueueMessageWebhooks(deps: Deps, outcomes: CommitOutcome[]): Promise<void> {
  const events = outcomes.flatMap((outcome) => {
    if (outcome.kind !== "committed" || outcome.duplicate) return [];
    const { message } = outcome;
    if (message.type === "event" || message.type === "note") return [];
    const attachment = message.type === "attachment" ? parseAttachmentMeta(message.body) : null;
    return [
      {
        organizationId: outcome.organizationId,
        event: "message.created" as const,
        payload: { message, ...(attachment ? { attachment } : {}) },
      },
    ];
  });
  if (events.length === 0) return;
  // Most organizations have no webhook: one prepared look-up instead of the ORM's per batch.
  const organizationIds = [...new Set(events.map((event) => event.organizationId))];
  // On a failed look-up, enqueueWebhookEvents reads (and logs) for itself.
  if (
    !(await messageStatementsFor(deps.db)
      .hasActiveWebhooks(organizationIds)
      .catch(() => true))
  )
    return;
  await enqueueWebhookEvents(deps, events);
}

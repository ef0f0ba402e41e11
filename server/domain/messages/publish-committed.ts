import type { AgentMessage, ConversationSummary, InboxEvent } from "../../contracts/messages.ts";
import { topics, windows } from "../../bus/topics.ts";
import type { Deps } from "../deps.ts";

/** Waits between attempts while the bus is failing: about 8 s in all, then subscribers repair from the database. */
const retryDelaysMs = [100, 250, 500, 1_000, 2_000, 4_000];

export type Committed = {
  organizationId: string;
  message: AgentMessage;
  /** The inbox row as the same commit left it (no re-read), when the inbox list should hear of it. */
  inbox?: { conversation: ConversationSummary; reason: InboxEvent["reason"] } | null;
};

/**
 * The one after-commit step of a message: its thread event (with its place in the replay window) and, when given,
 * its inbox event, built from what the commit returned and handed to the bus together. It runs behind the ack: the
 * message is committed, so a stalled or failing bus must not hold the sender (issue #11 measured ~4 s acks while
 * Redis stalled). A failed publish is retried with backoff; republishing is safe, because every subscriber drops a
 * seq it already has. Subscribers that still miss it repair from the database (server/realtime/thread-stream.ts).
 */
export function publishCommitted(deps: Deps, committed: Committed): void {
  void attempt(deps, committed, 0);
}

async function attempt(deps: Deps, committed: Committed, failures: number): Promise<void> {
  const { organizationId, message, inbox } = committed;
  try {
    const slot = { key: windows.conversation(organizationId, message.conversationId), seq: message.seq };
    const thread = deps.bus.publishToWindow(topics.conversation(message.conversationId), slot, message);
    if (inbox) {
      const event: InboxEvent = { kind: "conversation", reason: inbox.reason, conversation: inbox.conversation };
      await Promise.all([thread, deps.bus.publish(topics.inbox(organizationId), event)]);
    } else {
      await thread;
    }
  } catch (error) {
    const delay = retryDelaysMs[failures];
    if (delay === undefined) {
      deps.log.error("publish after commit failed; subscribers will read it from the database", {
        conversationId: message.conversationId,
        seq: message.seq,
        error: String(error),
      });
      return;
    }
    setTimeout(() => void attempt(deps, committed, failures + 1), delay).unref();
  }
}

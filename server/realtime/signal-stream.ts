import type { ConversationSignal } from "../contracts/signals.ts";
import { topics } from "../bus/topics.ts";
import type { Bus } from "../bus/bus.ts";
import { BusQueue } from "./bus-queue.ts";

/**
 * A conversation's live signals for one side. The visitor side never gets drafts (they are the visitor's own
 * text, meant for agents) nor its own typing echo; the agent side gets everything. Not replayed: a signal is only
 * worth anything live.
 */
export async function* streamSignals(
  bus: Bus,
  input: { conversationId: string; side: "visitor" | "agent"; signal: AbortSignal },
): AsyncGenerator<ConversationSignal> {
  const queue = await BusQueue.open<ConversationSignal>(bus, topics.conversationSignals(input.conversationId), input.signal);
  while (!input.signal.aborted) {
    for (const signal of await queue.take()) {
      if (input.side === "visitor" && (signal.kind === "draft" || (signal.kind === "typing" && signal.from === "visitor"))) continue;
      yield signal;
    }
  }
}

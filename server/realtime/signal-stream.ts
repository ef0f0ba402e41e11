import type { ConversationSignal } from "../contracts/signals.ts";
import { topics } from "../bus/topics.ts";
import type { Bus } from "../bus/bus.ts";
import type { Deps } from "../domain/deps.ts";
import { BusQueue } from "./bus-queue.ts";
import { watchAvailability } from "./availability-watch.ts";
import { watchQueueStatus } from "./queue-watch.ts";

/**
 * A conversation's live signals for one side. The visitor side never gets drafts (they are the visitor's own
 * text, meant for agents) nor its own typing echo; the agent side gets everything. Not replayed: a signal is only
 * worth anything live.
 */
export async function* streamSignals(
  bus: Bus,
  input: { conversationId: string; side: "visitor" | "agent"; signal: AbortSignal },
): AsyncGenerator<ConversationSignal> {
  yield* drain(await BusQueue.open<ConversationSignal>(bus, topics.conversationSignals(input.conversationId), input.signal), input);
}

/**
 * The visitor's signals plus their place in the team's queue: the queue status is computed on this node (see
 * queue-watch.ts) and joins the same stream, so the widget needs no second subscription.
 */
export async function* streamVisitorSignals(
  deps: Deps,
  input: { organizationId: string; conversationId: string; signal: AbortSignal },
): AsyncGenerator<ConversationSignal> {
  const queue = await BusQueue.open<ConversationSignal>(deps.bus, topics.conversationSignals(input.conversationId), input.signal);
  try {
    await watchQueueStatus(deps, {
      ...input,
      onStatus: (status) => queue.add({ kind: "queue", conversationId: input.conversationId, status }),
    });
  } catch (error) {
    // The position is a courtesy: typing and read marks still flow without it.
    deps.log.warn("queue position unavailable", { conversationId: input.conversationId, error: String(error) });
  }
  await addAvailability(deps, queue, { ...input });
  yield* drain(queue, { side: "visitor", signal: input.signal });
}

/** A visitor who has not written yet hears only whether someone is online, so the widget can swap its offline form. */
export async function* streamVisitorAvailability(
  deps: Deps,
  input: { organizationId: string; signal: AbortSignal },
): AsyncGenerator<ConversationSignal> {
  const queue = BusQueue.local<ConversationSignal>(input.signal);
  await addAvailability(deps, queue, { ...input, conversationId: null });
  while (!input.signal.aborted) yield* await queue.take();
}

async function addAvailability(
  deps: Deps,
  queue: BusQueue<ConversationSignal>,
  input: { organizationId: string; conversationId: string | null; signal: AbortSignal },
) {
  try {
    await watchAvailability(deps, {
      ...input,
      onChange: (online) => queue.add({ kind: "availability", conversationId: input.conversationId, online }),
    });
  } catch (error) {
    deps.log.warn("availability unavailable", { conversationId: input.conversationId, error: String(error) });
  }
}

async function* drain(queue: BusQueue<ConversationSignal>, input: { side: "visitor" | "agent"; signal: AbortSignal }) {
  while (!input.signal.aborted) {
    for (const signal of await queue.take()) {
      if (input.side === "visitor" && (signal.kind === "draft" || (signal.kind === "typing" && signal.from === "visitor"))) continue;
      yield signal;
    }
  }
}

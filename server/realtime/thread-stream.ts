import type { AgentMessage } from "../contracts/messages.ts";
import { topics, windows } from "../bus/topics.ts";
import type { Deps } from "../domain/deps.ts";
import { toAgentMessage } from "../domain/messages/message-dto.ts";
import { BusQueue } from "./bus-queue.ts";
import { retryUntilAborted } from "./retry-until-aborted.ts";

const backfillPage = 200;
/** How soon a stream that may have a hole at its tail reads the store (well within the 1 s the product promises). */
const tailCheckMs = 300;

export type ThreadStreamInput = {
  organizationId: string;
  conversationId: string;
  /** The last seq the client has; everything after it is replayed. 0 for the whole thread. */
  afterSeq: number;
  /**
   * The conversation's lastSeq as the caller read it before subscribing, when it did: a replay window that ends
   * below it missed a write, and is not used.
   */
  knownLastSeq?: number;
  signal: AbortSignal;
};

/**
 * A conversation's messages in seq order, each exactly once: subscribe to the bus first (buffering), replay
 * everything after `afterSeq` (from the bus's hot window when it provably holds all of it, otherwise from the
 * database), then go live, dropping what was already replayed. A live event that skips a
 * seq (concurrent senders publish in commit order, not seq order, and a publish can fail) triggers a database read of
 * the gap, which is committed by then because seq is taken under the conversation's row lock. A hole at the tail shows
 * no gap — nothing later arrives — so where one may be (the bus resumed after an outage; a message came again because
 * its sender retried after the first publish was lost) the stream reads the store once more tailCheckMs later.
 */
export async function* streamThread(deps: Deps, input: ThreadStreamInput): AsyncGenerator<AgentMessage> {
  const live = await retryUntilAborted(deps, input.signal, "subscribing to the thread", () =>
    BusQueue.open<AgentMessage>(deps.bus, topics.conversation(input.conversationId), input.signal),
  );
  let lastSeq = input.afterSeq;

  const readFromStore = async function* (untilSeq?: number) {
    for (;;) {
      const rows = await retryUntilAborted(deps, input.signal, "reading the thread", () =>
        deps.db.message.findMany({
          where: {
            organizationId: input.organizationId,
            conversationId: input.conversationId,
            seq: untilSeq === undefined ? { gt: lastSeq } : { gt: lastSeq, lt: untilSeq },
          },
          orderBy: { seq: "asc" },
          take: backfillPage,
        }),
      );
      for (const row of rows) {
        lastSeq = row.seq;
        yield toAgentMessage(row);
      }
      if (rows.length < backfillPage) return;
    }
  };

  /** The hot window's messages after lastSeq, or null unless they are certainly all there (contiguous, complete). */
  const readFromWindow = async (): Promise<AgentMessage[] | null> => {
    const read = await deps.bus.readWindow(windows.conversation(input.organizationId, input.conversationId), lastSeq).catch(() => null);
    if (!read || read.firstSeq > lastSeq + 1) return null;
    const messages = read.events as AgentMessage[];
    if (messages.some((message, i) => message.seq !== lastSeq + 1 + i)) return null;
    if (input.knownLastSeq !== undefined && Math.max(read.lastSeq, lastSeq) < input.knownLastSeq) return null;
    return messages;
  };

  const replay = await readFromWindow();
  deps.metrics?.replayRead(replay ? "window" : "database");
  if (replay) {
    for (const message of replay) {
      lastSeq = message.seq;
      yield message;
    }
  } else {
    yield* readFromStore();
  }
  /** When set, the stream may have a hole at its tail that no later event would reveal: it reads the store then. */
  let checkTailAt: number | null = null;
  while (!input.signal.aborted) {
    const { events, resumed } = await live.next(checkTailAt === null ? undefined : Math.max(0, checkTailAt - Date.now()));
    if (checkTailAt !== null && Date.now() >= checkTailAt) {
      checkTailAt = null;
      yield* readFromStore();
    }
    // The bus was lost for a while: whatever was published meanwhile is only in the database.
    if (resumed) {
      yield* readFromStore();
      checkTailAt = Date.now() + tailCheckMs;
    }
    if (events.length > 1) events.sort((a, b) => a.seq - b.seq);
    for (const message of events) {
      if (message.seq <= lastSeq) {
        // A message published again (a sender's retry after its first publish was lost, see publish-committed.ts):
        // others may have been lost with it, and no later event would show that.
        checkTailAt ??= Date.now() + tailCheckMs;
        continue;
      }
      if (message.seq > lastSeq + 1) yield* readFromStore(message.seq);
      lastSeq = message.seq;
      deps.metrics?.messageDelivered(message.createdAt);
      yield message;
    }
  }
}

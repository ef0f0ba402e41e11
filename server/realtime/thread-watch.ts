import type { AgentMessage } from "../contracts/messages.ts";
import { topics, windows } from "../bus/topics.ts";
import type { Deps } from "../domain/deps.ts";
import { toAgentMessage } from "../domain/messages/message-dto.ts";
import { retryUntilAborted } from "./retry-until-aborted.ts";

const backfillPage = 200;
/** How soon a watch that may have a hole at its tail reads the store (well within the 1 s the product promises). */
const tailCheckMs = 300;

export type ThreadWatchInput = {
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
 * Takes one message, in seq order. It may return a promise (a lookup it needs first): the watch then waits for it
 * before the next message, holding what arrives meanwhile.
 */
export type DeliverMessage = (message: AgentMessage) => void | Promise<void>;

/**
 * A conversation's messages in seq order, each exactly once, handed to `deliver`: subscribe to the bus first
 * (holding what arrives), replay everything after `afterSeq` (from the bus's hot window when it provably holds all of
 * it, otherwise from the database), then go live, dropping what was already delivered. Resolves when `signal` aborts;
 * rejects when a step fails for good (a refusal, not an outage: those are retried).
 *
 * The live path is a plain callback per bus event — one seq comparison and `deliver` — with no generator step,
 * promise or array per message (issue #11: that machinery, once per subscriber per message, was most of the
 * server's CPU). Everything else runs one step at a time, with live events held meanwhile:
 * - a live event that skips a seq (concurrent senders publish in commit order, not seq order, and a publish can fail)
 *   reads the gap from the database, which is committed by then because seq is taken under the row lock;
 * - a hole at the tail shows no gap — nothing later arrives — so where one may be (the bus resumed after an outage;
 *   a message came again because its sender retried after the first publish was lost) the store is read once more
 *   tailCheckMs later.
 */
export function watchThread(deps: Deps, input: ThreadWatchInput, deliver: DeliverMessage): Promise<void> {
  return new ThreadWatch(deps, input, deliver).run();
}

class ThreadWatch {
  private lastSeq: number;
  /** A step is running (replay, a store read, a delivery's lookup): live events wait in `held`. */
  private busy = true;
  private held: AgentMessage[] = [];
  private readStoreNext = false;
  private tailTimer: NodeJS.Timeout | null = null;
  private fail: (error: unknown) => void = () => {};
  /** Ends the watch when the caller leaves or a step fails for good: the bus subscription goes with it. */
  private readonly stop = new AbortController();
  private readonly signal = this.stop.signal;

  constructor(
    private readonly deps: Deps,
    private readonly input: ThreadWatchInput,
    private readonly deliver: DeliverMessage,
  ) {
    this.lastSeq = input.afterSeq;
  }

  async run(): Promise<void> {
    const { deps, input, signal } = this;
    if (input.signal.aborted) return;
    const ended = new Promise<void>((resolve, reject) => {
      this.fail = (error) => {
        this.stop.abort();
        reject(error);
      };
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    const leave = () => this.stop.abort();
    input.signal.addEventListener("abort", leave, { once: true });
    signal.addEventListener(
      "abort",
      () => {
        input.signal.removeEventListener("abort", leave);
        this.clearTailCheck();
      },
      { once: true },
    );
    try {
      await retryUntilAborted(deps, signal, "subscribing to the thread", () =>
        deps.bus.subscribe(topics.conversation(input.conversationId), this.onEvent, signal, { onResume: this.onResume }),
      );
    } catch (error) {
      this.fail(error);
      return ended;
    }
    // Live from here: what the bus sends is held until the replay has gone out.
    void this.steps(() => this.replay());
    return ended;
  }

  /** A live event: delivered at once when it is the next seq and nothing is in the way. */
  private readonly onEvent = (event: unknown) => {
    const message = event as AgentMessage;
    if (this.signal.aborted) return;
    if (this.busy) {
      this.held.push(message);
      return;
    }
    if (message.seq === this.lastSeq + 1) {
      const pending = this.hand(message, true);
      if (pending) void this.steps(() => pending);
      return;
    }
    if (message.seq <= this.lastSeq) return this.checkTailSoon();
    this.held.push(message);
    void this.steps();
  };

  /** The bus came back after an outage: whatever was published meanwhile is only in the database. */
  private readonly onResume = () => {
    this.readStoreNext = true;
    this.checkTailSoon();
    if (!this.busy) void this.steps();
  };

  /** Hands over the next message; a promise when the delivery has to finish before the next one. */
  private hand(message: AgentMessage, live = false): Promise<void> | undefined {
    this.lastSeq = message.seq;
    // Send → deliver latency is a live figure: replayed and repaired messages would skew it.
    if (live) this.deps.metrics?.messageDelivered(message.createdAt);
    return this.deliver(message) ?? undefined;
  }

  /** Runs `first`, then everything that queued up behind it, one at a time; live delivery resumes after. */
  private async steps(first?: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      if (first) await first();
      while (!this.signal.aborted) {
        if (this.readStoreNext) {
          this.readStoreNext = false;
          await this.readFromStore();
          continue;
        }
        if (this.held.length === 0) break;
        const events = this.held;
        this.held = [];
        if (events.length > 1) events.sort((a, b) => a.seq - b.seq);
        for (const message of events) {
          if (this.signal.aborted) return;
          if (message.seq <= this.lastSeq) {
            // A message published again (a sender's retry after its first publish was lost, see
            // publish-committed.ts): others may have been lost with it, and no later event would show that.
            this.checkTailSoon();
            continue;
          }
          if (message.seq > this.lastSeq + 1) await this.readFromStore(message.seq);
          const pending = this.hand(message, true);
          if (pending) await pending;
        }
      }
      this.busy = false;
    } catch (error) {
      this.fail(error);
    }
  }

  private async replay(): Promise<void> {
    const messages = await this.readFromWindow();
    this.deps.metrics?.replayRead(messages ? "window" : "database");
    if (!messages) return this.readFromStore();
    for (const message of messages) {
      if (this.signal.aborted) return;
      const pending = this.hand(message);
      if (pending) await pending;
    }
  }

  /** The hot window's messages after lastSeq, or null unless they are certainly all there (contiguous, complete). */
  private async readFromWindow(): Promise<AgentMessage[] | null> {
    const { deps, input, lastSeq } = this;
    const read = await deps.bus.readWindow(windows.conversation(input.organizationId, input.conversationId), lastSeq).catch(() => null);
    if (!read || read.firstSeq > lastSeq + 1) return null;
    const messages = read.events as AgentMessage[];
    if (messages.some((message, i) => message.seq !== lastSeq + 1 + i)) return null;
    if (input.knownLastSeq !== undefined && Math.max(read.lastSeq, lastSeq) < input.knownLastSeq) return null;
    return messages;
  }

  /** Delivers what the database has after lastSeq (and below untilSeq when given). */
  private async readFromStore(untilSeq?: number): Promise<void> {
    const { deps, input, signal } = this;
    for (;;) {
      const after = this.lastSeq;
      const rows = await retryUntilAborted(deps, signal, "reading the thread", () =>
        deps.db.message.findMany({
          where: {
            organizationId: input.organizationId,
            conversationId: input.conversationId,
            seq: untilSeq === undefined ? { gt: after } : { gt: after, lt: untilSeq },
          },
          orderBy: { seq: "asc" },
          take: backfillPage,
        }),
      );
      for (const row of rows) {
        if (signal.aborted) return;
        const pending = this.hand(toAgentMessage(row));
        if (pending) await pending;
      }
      if (rows.length < backfillPage) return;
    }
  }

  private checkTailSoon() {
    if (this.tailTimer || this.signal.aborted) return;
    this.tailTimer = setTimeout(() => {
      this.tailTimer = null;
      this.readStoreNext = true;
      if (!this.busy) void this.steps();
    }, tailCheckMs);
  }

  private clearTailCheck() {
    if (this.tailTimer) clearTimeout(this.tailTimer);
    this.tailTimer = null;
  }
}

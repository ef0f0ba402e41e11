import type { Db } from "../../store/db.ts";
import { commitMessages, type CommitOutcome, type NewMessage } from "./commit-messages.ts";

export type BatchOptions = {
  /** How long the first message of a batch waits for others to join it (ms); 0 commits on the next tick. */
  windowMs: number;
  /** A batch this full commits at once. */
  maxSize: number;
};

export const defaultBatchOptions: BatchOptions = { windowMs: 2, maxSize: 64 };

/**
 * Batches committing at the same time. While they commit, new messages gather for the next batch, so under load
 * batches grow by themselves (group commit) instead of every message paying for its own transaction.
 */
const maxInFlight = 2;

type Waiting = { message: NewMessage; resolve: (outcome: CommitOutcome) => void };

/**
 * Messages arriving within a few milliseconds are committed in one transaction (commit-messages.ts): one round trip
 * set per batch instead of per message, which is where a send's CPU goes. Each sender's promise settles only after
 * the commit that holds its message. The same clientMsgId twice in one batch is written once; the second sender gets
 * the first one's message as a duplicate, as it would across batches.
 */
export class MessageBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly options: BatchOptions,
    /** After the commit, before any sender hears back (webhook deliveries for the whole batch). */
    private readonly onCommitted: (outcomes: CommitOutcome[]) => Promise<void>,
  ) {}

  commit(message: NewMessage): Promise<CommitOutcome> {
    return new Promise((resolve) => {
      this.waiting.push({ message, resolve });
      if (this.waiting.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight >= maxInFlight || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.options.maxSize);
    this.inFlight++;
    void this.run(batch).finally(() => {
      this.inFlight--;
      // What gathered meanwhile has waited at least one commit already: it goes now.
      if (this.waiting.length > 0) this.flush();
    });
  }

  private async run(batch: Waiting[]): Promise<void> {
    const first = new Map<string, number>();
    const unique: Waiting[] = [];
    const sameAs: number[] = batch.map((waiting) => {
      const key = `${waiting.message.organizationId}\u0000${waiting.message.conversationId}\u0000${waiting.message.clientMsgId}`;
      const seen = first.get(key);
      if (seen !== undefined) return seen;
      first.set(key, unique.length);
      unique.push(waiting);
      return unique.length - 1;
    });
    let outcomes: CommitOutcome[];
    try {
      outcomes = await commitMessages(
        this.db,
        unique.map((waiting) => waiting.message),
      );
    } catch (error) {
      outcomes = unique.map(() => ({ kind: "failed", error }));
    }
    await this.onCommitted(outcomes).catch(() => undefined);
    batch.forEach((waiting, index) => {
      const outcome = outcomes[sameAs[index]!]!;
      const repeated = unique[sameAs[index]!] !== waiting;
      waiting.resolve(repeated && outcome.kind === "committed" ? { ...outcome, duplicate: true, conversation: null } : outcome);
    });
  }
}

import type { Conversation, Message, Visitor } from "./generated/mysql/client.ts";

/**
 * The send path's SQL as a few prepared statements per batch, on the database driver directly (the `mariadb` pool
 * with a statement cache, or better-sqlite3's prepared statements). Prisma costs 7–10× the client CPU for the same
 * statements (measured, issue #11), and the send path is the one place that runs thousands of times a second;
 * everything else stays on Prisma.
 */

/** One conversation's share of a batch: how many seqs it takes, and what its row says afterwards. */
export type SeqGrant = {
  conversationId: string;
  organizationId: string;
  count: number;
  lastMessageAt: Date;
  /** The inbox line; null leaves it as it is (notes and events are not listed). */
  preview: string | null;
  /** Only while the conversation is open and awake (a cached hint, see commit-messages.ts). */
  requireOpen: boolean;
  /** Stamps firstResponseAt with this time if it is still empty. */
  firstResponseAt: Date | null;
};

/** The inbox row as the commit leaves it, shaped for toSummary() (server/domain/conversations/summary.ts). */
export type SummaryRow = Pick<
  Conversation,
  | "id"
  | "siteId"
  | "visitorId"
  | "state"
  | "assigneeId"
  | "version"
  | "lastSeq"
  | "lastMessageAt"
  | "lastMessagePreview"
  | "createdAt"
  | "agentReadSeq"
  | "visitorReadSeq"
  | "firstResponseAt"
  | "snoozedUntil"
  | "teamId"
> & { visitor: Pick<Visitor, "name" | "country">; labels: { labelId: string }[] };

export type MessageRow = Pick<
  Message,
  "id" | "organizationId" | "conversationId" | "seq" | "clientMsgId" | "senderKind" | "senderId" | "type" | "body" | "createdAt"
>;

export interface MessageStatements {
  /**
   * One transaction: raises each granted conversation's lastSeq (grants in lock order), reads back the rows it
   * raised, asks `rowsFor` for the messages to insert (their seqs come from those rows), inserts them, commits.
   * `granted[i]` says whether grants[i] matched its conversation (false: missing, or not open when requireOpen).
   * Throws, with everything rolled back, when the database refuses a row; `isDuplicate(error)` tells a stored
   * clientMsgId (or seq) apart.
   */
  commit(
    grants: SeqGrant[],
    rowsFor: (summaries: Map<string, SummaryRow>, granted: boolean[]) => MessageRow[],
  ): Promise<{ granted: boolean[] }>;
  /** The stored message of a clientMsgId, for the answer to a retry. */
  findByClientMsgId(organizationId: string, conversationId: string, clientMsgId: string): Promise<MessageRow | null>;
  /** Whether any of these organizations has an active webhook (most have none: then the batch enqueues nothing). */
  hasActiveWebhooks(organizationIds: string[]): Promise<boolean>;
  isDuplicate(error: unknown): boolean;
  close(): Promise<void>;
}

/**
 * Where a database client keeps its statements (set by createDb, server/store/db.ts). A symbol property rather than a
 * side table, so a wrapper of the client (a Proxy that forwards what it does not change) still finds them.
 */
export const messageStatementsKey = Symbol.for("parley.messageStatements");

export function registerMessageStatements(db: object, statements: MessageStatements): void {
  Object.defineProperty(db, messageStatementsKey, { value: statements, configurable: true });
}

export function messageStatementsFor(db: object): MessageStatements {
  const statements = (db as { [messageStatementsKey]?: MessageStatements })[messageStatementsKey];
  if (!statements) throw new Error("this database client was not made by createDb(): no message statements");
  return statements;
}

/** `IN (?, ?, …)` lists are padded to a power of two, so a handful of prepared statements serve every batch size. */
export function paddedSize(count: number): number {
  let size = 1;
  while (size < count) size *= 2;
  return size;
}

export function padded<T>(values: T[], size: number): T[] {
  const out = values.slice();
  while (out.length < size) out.push(values[0]!);
  return out;
}

/** A summary row as both drivers return it: dates as SQL text, the visitor and labels flattened. */
export type SummaryRecord = Omit<SummaryRow, "visitor" | "labels" | "lastMessageAt" | "createdAt" | "firstResponseAt" | "snoozedUntil"> & {
  lastMessageAt: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  snoozedUntil: string | null;
  visitorName: string | null;
  visitorCountry: string | null;
  labelIds: string | null;
};

/** The inbox row from a summary record; `fromSql` reads the driver's date text. */
export function toSummaryRow(record: SummaryRecord, fromSql: (value: string | null) => Date | null): SummaryRow {
  return {
    id: record.id,
    siteId: record.siteId,
    visitorId: record.visitorId,
    state: record.state,
    assigneeId: record.assigneeId,
    teamId: record.teamId,
    version: record.version,
    lastSeq: record.lastSeq,
    lastMessageAt: fromSql(record.lastMessageAt),
    lastMessagePreview: record.lastMessagePreview,
    createdAt: fromSql(record.createdAt)!,
    agentReadSeq: record.agentReadSeq,
    visitorReadSeq: record.visitorReadSeq,
    firstResponseAt: fromSql(record.firstResponseAt),
    snoozedUntil: fromSql(record.snoozedUntil),
    visitor: { name: record.visitorName, country: record.visitorCountry },
    labels: record.labelIds ? record.labelIds.split(",").map((labelId) => ({ labelId })) : [],
  };
}

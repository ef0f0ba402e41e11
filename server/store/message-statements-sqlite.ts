import Database from "better-sqlite3";
import type { MessageRow, MessageStatements, SummaryRecord, SummaryRow } from "./message-statements.ts";
import { padded, paddedSize, toSummaryRow } from "./message-statements.ts";

const bump = (requireOpen: boolean) =>
  'UPDATE "Conversation" SET lastSeq = lastSeq + ?, lastMessageAt = ?, lastMessagePreview = COALESCE(?, lastMessagePreview), updatedAt = ? ' +
  `WHERE id = ? AND organizationId = ?${requireOpen ? " AND state NOT IN ('resolved', 'snoozed')" : ""}`;
const stampFirstResponse =
  'UPDATE "Conversation" SET firstResponseAt = ?, updatedAt = ? WHERE id = ? AND organizationId = ? AND firstResponseAt IS NULL';
const summaries = (size: number) => {
  const list = Array.from({ length: size }, () => "?").join(", ");
  return (
    "SELECT c.id, c.siteId, c.visitorId, c.state, c.assigneeId, c.teamId, c.version, c.lastSeq, c.lastMessageAt, c.lastMessagePreview, " +
    "c.createdAt, c.agentReadSeq, c.visitorReadSeq, c.firstResponseAt, c.snoozedUntil, v.name AS visitorName, v.country AS visitorCountry, " +
    "(SELECT group_concat(labelId, ',') FROM (SELECT l.labelId FROM \"ConversationLabel\" l WHERE l.conversationId = c.id ORDER BY l.createdAt, l.labelId)) AS labelIds " +
    `FROM "Conversation" c JOIN "Visitor" v ON v.id = c.visitorId WHERE c.id IN (${list}) AND c.organizationId IN (${list})`
  );
};
const insert =
  'INSERT INTO "Message" (id, organizationId, conversationId, seq, clientMsgId, senderKind, senderId, type, body, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const byClientMsgId =
  'SELECT id, organizationId, conversationId, seq, clientMsgId, senderKind, senderId, type, body, createdAt FROM "Message" ' +
  "WHERE conversationId = ? AND clientMsgId = ? AND organizationId = ?";

const activeWebhooks = (size: number) =>
  `SELECT 1 AS found FROM "Webhook" WHERE organizationId IN (${Array.from({ length: size }, () => "?").join(", ")}) AND active = 1 LIMIT 1`;

/** ISO-8601 with an explicit offset: what Prisma's better-sqlite3 adapter writes by default. */
const toSql = (date: Date) => date.toISOString().replace("Z", "+00:00");
const fromSql = (value: string | null): Date | null => (value === null ? null : new Date(value));

type MessageRecord = Omit<MessageRow, "createdAt"> & { createdAt: string };

/**
 * The embedded default's statements: its own better-sqlite3 connection to the same file, each statement prepared
 * once. better-sqlite3 is synchronous, so a whole batch is one synchronous transaction; it runs in the same turn
 * queue as Prisma's operations (sqlite-serial.ts), so the two connections never hold the write lock at once.
 */
export function createSqliteMessageStatements(path: string, inTurn: <R>(work: () => Promise<R>) => Promise<R>): MessageStatements {
  const sqlite = new Database(path);
  sqlite.pragma("busy_timeout = 5000");
  const bumpOpen = sqlite.prepare(bump(true));
  const bumpAny = sqlite.prepare(bump(false));
  const stamp = sqlite.prepare(stampFirstResponse);
  const insertMessage = sqlite.prepare(insert);
  const findMessage = sqlite.prepare(byClientMsgId);
  const prepared = new Map<string, Database.Statement>();
  const cached = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
  const readOf = (size: number) => cached(summaries(size));

  return {
    commit(grants, rowsFor) {
      return inTurn(async () =>
        sqlite
          .transaction(() => {
            const granted = grants.map((grant) => {
              const at = toSql(grant.lastMessageAt);
              const changes = (grant.requireOpen ? bumpOpen : bumpAny).run(
                grant.count,
                at,
                grant.preview,
                at,
                grant.conversationId,
                grant.organizationId,
              ).changes;
              if (changes > 0 && grant.firstResponseAt) {
                const stampAt = toSql(grant.firstResponseAt);
                stamp.run(stampAt, stampAt, grant.conversationId, grant.organizationId);
              }
              return changes > 0;
            });
            const ids = [...new Set(grants.map((grant) => grant.conversationId))];
            const organizations = [...new Set(grants.map((grant) => grant.organizationId))];
            const size = paddedSize(Math.max(ids.length, organizations.length));
            const records = readOf(size).all(...padded(ids, size), ...padded(organizations, size)) as SummaryRecord[];
            const byId = new Map<string, SummaryRow>();
            for (const record of records) byId.set(record.id, toSummaryRow(record, fromSql));
            for (const row of rowsFor(byId, granted)) {
              insertMessage.run(
                row.id,
                row.organizationId,
                row.conversationId,
                row.seq,
                row.clientMsgId,
                row.senderKind,
                row.senderId,
                row.type,
                row.body,
                toSql(row.createdAt),
              );
            }
            return { granted };
          })
          .immediate(),
      );
    },

    findByClientMsgId(organizationId, conversationId, clientMsgId) {
      return inTurn(async () => {
        const record = findMessage.get(conversationId, clientMsgId, organizationId) as MessageRecord | undefined;
        return record ? { ...record, createdAt: fromSql(record.createdAt)! } : null;
      });
    },

    hasActiveWebhooks(organizationIds) {
      const size = paddedSize(organizationIds.length);
      return inTurn(async () => cached(activeWebhooks(size)).get(...padded(organizationIds, size)) !== undefined);
    },

    isDuplicate(error) {
      return (
        typeof error === "object" &&
        error !== null &&
        /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(String((error as { code?: unknown }).code))
      );
    },

    async close() {
      sqlite.close();
    },
  };
}

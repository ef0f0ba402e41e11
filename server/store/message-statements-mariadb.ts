import mariadb from "mariadb";
import type { MessageRow, MessageStatements, SummaryRecord, SummaryRow } from "./message-statements.ts";
import { padded, paddedSize, toSummaryRow } from "./message-statements.ts";

const bump = (requireOpen: boolean) =>
  "UPDATE Conversation SET lastSeq = lastSeq + ?, lastMessageAt = ?, lastMessagePreview = COALESCE(?, lastMessagePreview), updatedAt = ? " +
  `WHERE id = ? AND organizationId = ?${requireOpen ? " AND state NOT IN ('resolved', 'snoozed')" : ""}`;
const stampFirstResponse =
  "UPDATE Conversation SET firstResponseAt = ?, updatedAt = ? WHERE id = ? AND organizationId = ? AND firstResponseAt IS NULL";
const summaries = (size: number) => {
  const list = Array.from({ length: size }, () => "?").join(", ");
  return (
    "SELECT c.id, c.siteId, c.visitorId, c.state, c.assigneeId, c.teamId, c.version, c.lastSeq, c.lastMessageAt, c.lastMessagePreview, " +
    "c.createdAt, c.agentReadSeq, c.visitorReadSeq, c.firstResponseAt, c.snoozedUntil, v.name AS visitorName, v.country AS visitorCountry, " +
    "(SELECT GROUP_CONCAT(l.labelId ORDER BY l.createdAt, l.labelId SEPARATOR ',') FROM ConversationLabel l WHERE l.conversationId = c.id) AS labelIds " +
    `FROM Conversation c JOIN Visitor v ON v.id = c.visitorId WHERE c.id IN (${list}) AND c.organizationId IN (${list})`
  );
};
const insert =
  "INSERT INTO Message (id, organizationId, conversationId, seq, clientMsgId, senderKind, senderId, type, body, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const byClientMsgId =
  "SELECT id, organizationId, conversationId, seq, clientMsgId, senderKind, senderId, type, body, createdAt FROM Message " +
  "WHERE conversationId = ? AND clientMsgId = ? AND organizationId = ?";

const activeWebhooks = (size: number) =>
  `SELECT 1 AS found FROM Webhook WHERE organizationId IN (${Array.from({ length: size }, () => "?").join(", ")}) AND active = 1 LIMIT 1`;

/** DATETIME(3) in UTC, as Prisma writes it; dates are read back as strings (dateStrings) and parsed as UTC. */
const toSql = (date: Date) => date.toISOString().slice(0, 23).replace("T", " ");
const fromSql = (value: string | null): Date | null => (value === null ? null : new Date(`${value.replace(" ", "T")}Z`));

type MessageRecord = Omit<MessageRow, "createdAt"> & { createdAt: string };

export function createMariaDbMessageStatements(databaseUrl: string): MessageStatements {
  const url = new URL(databaseUrl.replace(/^mysql:/, "mariadb:"));
  const pool = mariadb.createPool({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    // Two batches commit at a time (message-batcher.ts), plus retries' look-ups.
    connectionLimit: 4,
    // Each statement is prepared once per connection and kept: the point of this module.
    prepareCacheLength: 64,
    dateStrings: true,
    // The batch's UPDATEs go out back to back and their answers come back together.
    pipelining: true,
  });

  return {
    async commit(grants, rowsFor) {
      const connection = await pool.getConnection();
      try {
        // BEGIN, every seq bump, the first-response stamps and the read are sent at once; MariaDB runs them in order.
        const begin = connection.beginTransaction();
        const bumps = grants.map((grant) =>
          connection.execute<{ affectedRows: number }>(bump(grant.requireOpen), [
            grant.count,
            toSql(grant.lastMessageAt),
            grant.preview,
            toSql(grant.lastMessageAt),
            grant.conversationId,
            grant.organizationId,
          ]),
        );
        const stamps = grants.flatMap((grant) =>
          grant.firstResponseAt
            ? [
                connection.execute(stampFirstResponse, [
                  toSql(grant.firstResponseAt),
                  toSql(grant.firstResponseAt),
                  grant.conversationId,
                  grant.organizationId,
                ]),
              ]
            : [],
        );
        const ids = [...new Set(grants.map((grant) => grant.conversationId))];
        const organizations = [...new Set(grants.map((grant) => grant.organizationId))];
        const size = paddedSize(Math.max(ids.length, organizations.length));
        const read = connection.execute<SummaryRecord[]>(summaries(size), [...padded(ids, size), ...padded(organizations, size)]);
        // One Promise.all, so a failed step leaves no rejection unobserved behind the first.
        const [, bumped, , records] = await Promise.all([begin, Promise.all(bumps), Promise.all(stamps), read]);
        const granted = bumped.map((result) => result.affectedRows > 0);
        const byId = new Map<string, SummaryRow>();
        for (const record of records) byId.set(record.id, toSummaryRow(record, fromSql));
        const rows = rowsFor(byId, granted);
        if (rows.length > 0) {
          await connection.batch(
            insert,
            rows.map((row) => [
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
            ]),
          );
        }
        await connection.commit();
        return { granted };
      } catch (error) {
        await connection.rollback().catch(() => undefined);
        throw error;
      } finally {
        await connection.release();
      }
    },

    async findByClientMsgId(organizationId, conversationId, clientMsgId) {
      const [record] = await pool.execute<MessageRecord[]>(byClientMsgId, [conversationId, clientMsgId, organizationId]);
      return record ? { ...record, createdAt: fromSql(record.createdAt)! } : null;
    },

    async hasActiveWebhooks(organizationIds) {
      const size = paddedSize(organizationIds.length);
      return (await pool.execute<unknown[]>(activeWebhooks(size), padded(organizationIds, size))).length > 0;
    },

    isDuplicate(error) {
      return typeof error === "object" && error !== null && (error as { errno?: number }).errno === 1062;
    },

    close: () => pool.end(),
  };
}

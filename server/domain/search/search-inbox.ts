import type { SearchHit } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { scopeWhere, teamScopeOf } from "../conversations/team-scope.ts";
import type { Deps } from "../deps.ts";

const maxHits = 20;
/** Matches fetched before the team scope is applied, so an agent of a small team still gets up to maxHits. */
const candidates = 200;

/**
 * `LIKE` pattern for "contains `text`", with `%`, `_` and the escape character itself escaped, so "50%" finds
 * "50%" and not "500". `!` is the escape character because MySQL and SQLite both accept `ESCAPE '!'` (MySQL's default
 * backslash escape does not exist in SQLite). Prisma's `contains` does not escape wildcards, hence the raw query.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * Searches the organization's messages (text and private notes) and visitors (name, email). Works for any script,
 * Chinese included: a substring match needs no word boundaries. MySQL's utf8mb4_unicode_ci makes it case-insensitive;
 * SQLite's LIKE is case-insensitive for ASCII. An agent who is not an admin finds only conversations of their
 * teams (team-scope.ts), and only visitors with such a conversation.
 */
export async function searchInbox(deps: Deps, agent: AgentIdentity, input: { query: string }): Promise<SearchHit[]> {
  const pattern = containsPattern(input.query.trim());
  const organizationId = agent.organizationId;
  const scope = scopeWhere(await teamScopeOf(deps, agent));
  // Identifiers in backticks: both MySQL and SQLite read them.
  const [messageIds, visitorIds] = await Promise.all([
    deps.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM \`Message\`
      WHERE organizationId = ${organizationId} AND type IN ('text', 'note') AND body LIKE ${pattern} ESCAPE '!'
      ORDER BY createdAt DESC LIMIT ${candidates}`,
    deps.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM \`Visitor\`
      WHERE organizationId = ${organizationId} AND (name LIKE ${pattern} ESCAPE '!' OR email LIKE ${pattern} ESCAPE '!')
      ORDER BY lastSeenAt DESC LIMIT ${candidates}`,
  ]);
  const [messages, visitors] = await Promise.all([
    deps.db.message.findMany({
      where: { organizationId, id: { in: messageIds.map((row) => row.id) }, conversation: scope },
      orderBy: { createdAt: "desc" },
      take: maxHits,
      select: {
        conversationId: true,
        seq: true,
        body: true,
        createdAt: true,
        conversation: { select: { visitorId: true, visitor: { select: { name: true } } } },
      },
    }),
    deps.db.visitor.findMany({
      where: { organizationId, id: { in: visitorIds.map((row) => row.id) }, ...("OR" in scope ? { conversations: { some: scope } } : {}) },
      orderBy: { lastSeenAt: "desc" },
      take: maxHits,
      select: {
        id: true,
        name: true,
        email: true,
        conversations: { where: scope, orderBy: { createdAt: "desc" }, take: 1, select: { id: true } },
      },
    }),
  ]);
  return [
    ...visitors.map(
      (visitor): SearchHit => ({
        kind: "visitor",
        visitorId: visitor.id,
        visitorName: visitor.name,
        email: visitor.email,
        conversationId: visitor.conversations[0]?.id ?? null,
      }),
    ),
    ...messages.map(
      (message): SearchHit => ({
        kind: "message",
        conversationId: message.conversationId,
        seq: message.seq,
        body: message.body.length > 300 ? `${message.body.slice(0, 299)}…` : message.body,
        createdAt: message.createdAt.toISOString(),
        visitorId: message.conversation.visitorId,
        visitorName: message.conversation.visitor.name,
      }),
    ),
  ];
}

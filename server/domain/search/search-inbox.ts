import type { SearchHit } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { inScope, teamScopeOf } from "../conversations/team-scope.ts";

const maxHits = 20;

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
 * SQLite's LIKE is case-insensitive for ASCII.
 */
export async function searchInbox(deps: Deps, agent: AgentIdentity, input: { query: string }): Promise<SearchHit[]> {
  const pattern = containsPattern(input.query.trim());
  const organizationId = agent.organizationId;
  // Identifiers in backticks: both MySQL and SQLite read them.
  const [messageIds, visitorIds] = await Promise.all([
    deps.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM \`Message\`
      WHERE organizationId = ${organizationId} AND type IN ('text', 'note') AND body LIKE ${pattern} ESCAPE '!'
      ORDER BY createdAt DESC LIMIT ${maxHits}`,
    deps.db.$queryRaw<{ id: string }[]>`
      SELECT id FROM \`Visitor\`
      WHERE organizationId = ${organizationId} AND (name LIKE ${pattern} ESCAPE '!' OR email LIKE ${pattern} ESCAPE '!')
      ORDER BY lastSeenAt DESC LIMIT ${maxHits}`,
  ]);
  const [messages, visitors] = await Promise.all([
    deps.db.message.findMany({
      where: { organizationId, id: { in: messageIds.map((row) => row.id) } },
      orderBy: { createdAt: "desc" },
      select: {
        conversationId: true,
        seq: true,
        body: true,
        createdAt: true,
        conversation: { select: { visitorId: true, teamId: true, assigneeId: true, visitor: { select: { name: true } } } },
      },
    }),
    deps.db.visitor.findMany({
      where: { organizationId, id: { in: visitorIds.map((row) => row.id) } },
      orderBy: { lastSeenAt: "desc" },
      select: {
        id: true,
        name: true,
        email: true,
        conversations: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, teamId: true, assigneeId: true } },
      },
    }),
  ]);
  // An agent finds what their views show: their teams' conversations, unowned ones and their own.
  const scope = await teamScopeOf(deps, agent);
  return [
    ...visitors.filter((visitor) => !visitor.conversations[0] || inScope(scope, visitor.conversations[0])).map((visitor): SearchHit => ({
      kind: "visitor",
      visitorId: visitor.id,
      visitorName: visitor.name,
      email: visitor.email,
      conversationId: visitor.conversations[0]?.id ?? null,
    })),
    ...messages.filter((message) => inScope(scope, message.conversation)).map((message): SearchHit => ({
      kind: "message",
      conversationId: message.conversationId,
      seq: message.seq,
      body: message.body.length > 300 ? `${message.body.slice(0, 299)}…` : message.body,
      createdAt: message.createdAt.toISOString(),
      visitorId: message.conversation.visitorId,
      visitorName: message.conversation.visitor.name,
    })),
  ];
}

import type { ConversationState, ConversationSummary } from "../../contracts/messages.ts";
import type { Prisma } from "../../store/generated/mysql/client.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { summarySelect, toSummary } from "./summary.ts";
import { scopeWhere, teamScopeOf } from "./team-scope.ts";

export type ListConversationsInput = {
  view: "mine" | "unassigned" | "all";
  states: ConversationState[];
  limit: number;
  /** By last activity: newest first (default) or oldest first (who has waited longest). */
  sort?: "recent" | "oldest";
  /** Only conversations carrying this label. */
  labelId?: string;
};

const { visitor: _visitor, labels: _labels, ...rowSelect } = summarySelect;

/**
 * The agent's inbox list, most recent activity first, always within the agent's organization and, for an agent who
 * is not an admin, within their teams (see team-scope.ts).
 *
 * Three queries, none binding a parameter per row: the page of conversations, then its visitors and labels found by
 * the same filter narrowed to the page's range of last activity. (Loading them as relations would send every id of
 * the page as a parameter, which SQLite refuses past its limit at about a thousand rows.)
 */
export async function listConversations(deps: Deps, agent: AgentIdentity, input: ListConversationsInput): Promise<ConversationSummary[]> {
  const scope = input.view === "mine" ? { everything: true as const } : await teamScopeOf(deps, agent);
  const where: Prisma.ConversationWhereInput = {
    organizationId: agent.organizationId,
    state: { in: input.states },
    ...(input.view === "mine" ? { assigneeId: agent.userId } : {}),
    ...(input.view === "unassigned" ? { assigneeId: null } : {}),
    ...(input.labelId ? { labels: { some: { labelId: input.labelId, organizationId: agent.organizationId } } } : {}),
    ...scopeWhere(scope),
  };
  const oldestFirst = input.sort === "oldest";
  const rows = await deps.db.conversation.findMany({
    where,
    orderBy: oldestFirst ? [{ lastMessageAt: "asc" }, { createdAt: "asc" }] : [{ lastMessageAt: "desc" }, { createdAt: "desc" }],
    take: input.limit,
    select: rowSelect,
  });
  if (rows.length === 0) return [];
  const page: Prisma.ConversationWhereInput = { AND: [where, pageRange(rows.at(-1)!.lastMessageAt, oldestFirst)] };
  const [visitors, labels] = await Promise.all([
    deps.db.visitor.findMany({
      where: { organizationId: agent.organizationId, conversations: { some: page } },
      select: { id: true, name: true, country: true },
    }),
    deps.db.conversationLabel.findMany({
      where: { organizationId: agent.organizationId, conversation: page },
      select: { conversationId: true, labelId: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const visitorOf = new Map(visitors.map((visitor) => [visitor.id, visitor]));
  const labelsOf = new Map<string, { labelId: string }[]>();
  for (const label of labels)
    labelsOf.set(label.conversationId, [...(labelsOf.get(label.conversationId) ?? []), { labelId: label.labelId }]);
  return rows.map((row) =>
    toSummary({ ...row, visitor: visitorOf.get(row.visitorId) ?? { name: null, country: null }, labels: labelsOf.get(row.id) ?? [] }),
  );
}

/**
 * Every row of the page lies on this side of the last row's activity (NULLs sort first ascending, last descending);
 * rows past the page at the same instant may match too, and are simply not looked up.
 */
function pageRange(edge: Date | null, oldestFirst: boolean): Prisma.ConversationWhereInput {
  if (oldestFirst) return edge ? { OR: [{ lastMessageAt: null }, { lastMessageAt: { lte: edge } }] } : { lastMessageAt: null };
  return edge ? { lastMessageAt: { gte: edge } } : {};
}

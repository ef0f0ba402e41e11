import type { ConversationState, ConversationSummary } from "@/server/contracts/messages";

/** The inbox list's rules, kept free of React so they are unit-tested. */
export type View = "mine" | "unassigned" | "all";
export type StatusFilter = "open" | "pending" | "snoozed" | "resolved";
export type Sort = "recent" | "oldest";
/** labelId null: any label or none. */
export type ListFilter = { view: View; status: StatusFilter; sort: Sort; labelId: string | null };

/** "Open" is everything still being worked on: waiting for the bot, in the queue, or with an agent. */
export const statesOf: Record<StatusFilter, ConversationState[]> = {
  open: ["bot", "queued", "assigned"],
  pending: ["pending"],
  snoozed: ["snoozed"],
  resolved: ["resolved"],
};

export function matchesFilter(row: ConversationSummary, filter: ListFilter, myId: string | undefined): boolean {
  if (!statesOf[filter.status].includes(row.state)) return false;
  if (filter.labelId && !row.labelIds.includes(filter.labelId)) return false;
  if (filter.view === "mine") return row.assigneeId === myId;
  if (filter.view === "unassigned") return row.assigneeId === null;
  return true;
}

const activity = (row: ConversationSummary) => row.lastMessageAt ?? row.createdAt;

export function sortRows(rows: ConversationSummary[], sort: Sort): ConversationSummary[] {
  return rows.sort((a, b) => (sort === "recent" ? activity(b).localeCompare(activity(a)) : activity(a).localeCompare(activity(b))));
}

/** Applies one live inbox event to a cached list: the row moves, appears or leaves as its filter says. */
export function applyInboxEvent(
  list: ConversationSummary[] | undefined,
  row: ConversationSummary,
  filter: ListFilter,
  myId: string | undefined,
) {
  const current = list?.find((item) => item.id === row.id);
  // Events can arrive out of order across nodes: never replace a row with an older version of it.
  if (current && current.version > row.version) return list;
  const others = (list ?? []).filter((item) => item.id !== row.id);
  const merged = current ? { ...row, agentReadSeq: Math.max(row.agentReadSeq, current.agentReadSeq) } : row;
  return sortRows(matchesFilter(row, filter, myId) ? [merged, ...others] : others, filter.sort);
}

/**
 * What the row says about waiting: a conversation still with the bot is being answered ("With the bot"), not queued;
 * one in the queue or with an agent who has not replied yet shows how long the visitor has waited; others nothing.
 */
export function waitingBadge(row: Pick<ConversationSummary, "state" | "firstResponseAt">): "bot" | "waiting" | null {
  if (row.state === "bot") return "bot";
  if (row.firstResponseAt === null && (row.state === "queued" || row.state === "assigned")) return "waiting";
  return null;
}

export const unreadOf = (row: ConversationSummary) => Math.max(0, row.lastSeq - row.agentReadSeq);

/** "🇩🇪" from "DE": the two regional-indicator symbols of an ISO 3166 alpha-2 code; "" for anything else. */
export function flagOf(country: string | null): string {
  if (!country || !/^[A-Za-z]{2}$/.test(country)) return "";
  return String.fromCodePoint(...[...country.toUpperCase()].map((char) => 0x1f1e6 + char.charCodeAt(0) - 65));
}

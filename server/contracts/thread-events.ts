import { conversationStates, type ConversationState } from "./conversation-states.ts";

/**
 * The system lines of a thread (messages of type "event"): their bodies are JSON the server writes and every client
 * renders in its own language. One parser for all of them, so no client re-types a body with `as`. Written without
 * zod on purpose: the widget panel parses these and has a size budget (README, "The chat widget").
 */

/** Why the bot handed a conversation to a human; stored on the conversation and shown to the agent. */
export const handoffReasons = ["visitor_asked", "low_confidence", "llm_error", "vip", "site_rule", "bot_off", "limit"] as const;
export type HandoffReason = (typeof handoffReasons)[number];

/** The conversation changed state (assigneeId: who has it now, for "assigned"). */
export type StateEvent = { event: "state"; from: ConversationState; to: ConversationState; assigneeId: string | null };
/** The bot handed off, after `botTurns` answers. */
export type HandoffEvent = { event: "handoff"; reason: HandoffReason; botTurns: number };
/** The visitor rated the conversation (CSAT). */
export type RatingEvent = { event: "rating"; score: number; comment: string | null };

/**
 * An agent handed the conversation to a team: it left its assignee and waits in that team's queue. Stands in for the
 * state line of that move (one line per real change), and carries the team's name as it was, for every reader.
 */
export type TransferEvent = { event: "transfer"; teamId: string; teamName: string };

export type ThreadEvent = StateEvent | HandoffEvent | RatingEvent | TransferEvent;

const isState = (value: unknown): value is ConversationState => (conversationStates as readonly unknown[]).includes(value);
const isReason = (value: unknown): value is HandoffReason => (handoffReasons as readonly unknown[]).includes(value);
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/** The event a system line carries; null for anything else (a client then shows nothing, or the text as it is). */
export function parseThreadEvent(body: string): ThreadEvent | null {
  let value: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return null;
    value = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  switch (value.event) {
    case "state": {
      const { from, to, assigneeId } = value;
      if (!isState(from) || !isState(to) || !(assigneeId === null || typeof assigneeId === "string")) return null;
      return { event: "state", from, to, assigneeId };
    }
    case "handoff":
      return isReason(value.reason) && isCount(value.botTurns)
        ? { event: "handoff", reason: value.reason, botTurns: value.botTurns }
        : null;
    case "rating": {
      const { score, comment } = value;
      if (!isCount(score) || !(comment === null || comment === undefined || typeof comment === "string")) return null;
      return { event: "rating", score, comment: comment ?? null };
    }
    case "transfer": {
      const { teamId, teamName } = value;
      return typeof teamId === "string" && typeof teamName === "string" ? { event: "transfer", teamId, teamName } : null;
    }
    default:
      return null;
  }
}

/** The body a system line is stored with. */
export function threadEventBody(event: ThreadEvent): string {
  return JSON.stringify(event);
}

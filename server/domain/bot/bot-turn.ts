import type { HandoffReason } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";

/** The conversation a bot turn works on, as read at the start of the turn. */
export type TurnConversation = { id: string; organizationId: string; siteId: string; visitorId: string; botTurns: number };

export type AnswerSource = "faq" | "small_talk" | "llm" | "fallback" | "unsure";

export type TurnOutcome =
  | { kind: "silent" }
  | { kind: "answered"; source: AnswerSource; messageId: string }
  | { kind: "handoff"; reason: HandoffReason };

/** The bot's reply to one visitor message always has this id, so a repeated turn never posts a second reply. */
export const replyIdFor = (visitorMessageId: string) => `bot-${visitorMessageId}`;

/** The conversation's state as it is now: an agent may have joined since the turn began. */
export async function currentState(deps: Deps, conversation: TurnConversation) {
  return deps.db.conversation.findFirst({
    where: { id: conversation.id, organizationId: conversation.organizationId },
    select: { state: true, version: true, botTurns: true },
  });
}

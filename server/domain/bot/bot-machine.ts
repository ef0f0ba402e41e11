import type { ConversationState } from "../../contracts/messages.ts";
import { changeConversationState } from "../conversations/change-state.ts";
import { canTransition } from "../conversations/transitions.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/**
 * The bot's part of a conversation's life, as one table: a conversation starts with the bot, is handed to the
 * queue, taken by an agent (straight from the bot too: the bot is then silent), resolved, and reopened to the bot
 * when the visitor writes again. Every move is also allowed by the general table (conversations/transitions.ts)
 * and goes through its compare-and-set, which writes the system event.
 */
export const botTransitions = {
  handoff: { from: ["bot"], to: "queued" },
  agentJoins: { from: ["bot", "queued"], to: "assigned" },
  resolve: { from: ["bot", "queued", "assigned"], to: "resolved" },
  reopen: { from: ["resolved"], to: "bot" },
} as const satisfies Record<string, { from: readonly ConversationState[]; to: ConversationState }>;

export type BotEvent = keyof typeof botTransitions;

export function botTransitionTarget(event: BotEvent, from: ConversationState): ConversationState | null {
  const transition = botTransitions[event];
  if (!(transition.from as readonly ConversationState[]).includes(from)) return null;
  return canTransition(from, transition.to) ? transition.to : null;
}

/** Applies one move with compare-and-set on the version the caller saw; CONFLICT if the conversation moved since. */
export async function applyBotTransition(
  deps: Deps,
  input: {
    organizationId: string;
    conversationId: string;
    event: BotEvent;
    from: ConversationState;
    expectedVersion: number;
    assigneeId?: string;
    actor: { kind: "agent" | "visitor" | "system"; id: string | null };
  },
) {
  const to = botTransitionTarget(input.event, input.from);
  if (!to) throw new AppError("BAD_REQUEST", `bot transition ${input.event} is not allowed from ${input.from}`);
  return changeConversationState(deps, {
    organizationId: input.organizationId,
    conversationId: input.conversationId,
    to,
    assigneeId: input.assigneeId,
    expectedVersion: input.expectedVersion,
    actor: input.actor,
  });
}

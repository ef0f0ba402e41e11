import type { AgentMessage } from "../../contracts/messages.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import { currentState, type TurnConversation } from "./bot-turn.ts";

/**
 * Posts a bot line, unless an agent took over meanwhile: the bot is silent from the moment an agent joins.
 * The hand-off's polite line is not an answer, so it does not count as a bot turn (reports: turns before hand-off).
 */
export async function postBotLine(
  deps: Deps,
  conversation: TurnConversation,
  input: { replyId: string; body: string; lowTurns: number; countsAsTurn?: boolean },
): Promise<AgentMessage | null> {
  const current = await currentState(deps, conversation);
  if (current?.state !== "bot") return null;
  const { message, duplicate } = await appendMessage(deps, {
    organizationId: conversation.organizationId,
    conversationId: conversation.id,
    clientMsgId: input.replyId,
    senderKind: "bot",
    senderId: null,
    type: "text",
    body: input.body,
    // The inbox row as this commit left it (the bot's counters below are not on it): no re-read.
    inboxReason: "message",
  });
  if (!duplicate) {
    await deps.db.conversation.updateMany({
      where: { id: conversation.id, organizationId: conversation.organizationId },
      data: { botTurns: { increment: input.countsAsTurn === false ? 0 : 1 }, botLowTurns: input.lowTurns },
    });
  }
  return message;
}

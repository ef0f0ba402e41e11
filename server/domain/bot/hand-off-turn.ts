import type { HandoffReason } from "../../contracts/thread-events.ts";
import { handOffConversation } from "../conversations/hand-off.ts";
import type { Deps } from "../deps.ts";
import { appendMessage } from "../messages/append-message.ts";
import { routeVisitorConversation } from "../routing/route-visitor-conversation.ts";
import { currentState, replyIdFor, type TurnConversation, type TurnOutcome } from "./bot-turn.ts";

/**
 * Hands the conversation to a human: the polite line, then conversations/hand-off.ts (bot → queued with the reason
 * in one compare-and-set, its two event lines in one commit, one inbox event), then routing. An agent who joined
 * first wins: no hand-off.
 */
export async function handOff(
  deps: Deps,
  conversation: TurnConversation,
  input: { visitorMessageId: string; reason: HandoffReason; politeLine: string | null },
): Promise<TurnOutcome> {
  const current = await currentState(deps, conversation);
  if (current?.state !== "bot") return { kind: "silent" };
  // Not an answer: it counts as no bot turn (reports: turns before hand-off), and the hand-off's inbox event shows it.
  if (input.politeLine) {
    await appendMessage(deps, {
      organizationId: conversation.organizationId,
      conversationId: conversation.id,
      clientMsgId: replyIdFor(input.visitorMessageId),
      senderKind: "bot",
      senderId: null,
      type: "text",
      body: input.politeLine,
    });
  }
  const handed = await handOffConversation(deps, {
    organizationId: conversation.organizationId,
    conversationId: conversation.id,
    expectedVersion: current.version,
    reason: input.reason,
    botTurns: current.botTurns,
    eventKey: input.visitorMessageId,
  });
  if (!handed) return { kind: "silent" };
  await routeVisitorConversation(deps, conversation);
  return { kind: "handoff", reason: input.reason };
}

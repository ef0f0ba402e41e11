import { topics } from "../../bus/topics.ts";
import type { AgentMessage } from "../../contracts/messages.ts";
import type { ConversationSignal } from "../../contracts/signals.ts";
import { parseThreadEvent, type HandoffReason } from "../../contracts/thread-events.ts";
import { handOffConversation } from "../conversations/hand-off.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { appendMessage } from "../messages/append-message.ts";
import { routeVisitorConversation } from "../routing/route-visitor-conversation.ts";

/** The conversation a bot turn works on, as read at the start of the turn. */
export type TurnConversation = { id: string; organizationId: string; siteId: string; visitorId: string; botTurns: number };

export type AnswerSource = "faq" | "small_talk" | "llm" | "fallback" | "unsure";

export type TurnOutcome =
  | { kind: "silent" }
  | { kind: "answered"; source: AnswerSource; messageId: string }
  | { kind: "handoff"; reason: HandoffReason };

/** The bot's reply to one visitor message always has this id, so a repeated turn never posts a second reply. */
export const replyIdFor = (visitorMessageId: string) => `bot-${visitorMessageId}`;

async function currentState(deps: Deps, conversation: TurnConversation) {
  return deps.db.conversation.findFirst({
    where: { id: conversation.id, organizationId: conversation.organizationId },
    select: { state: true, version: true, botTurns: true },
  });
}

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

/** Publishes the growing reply on the conversation's signal topic; a lost signal is made up by the next one. */
export function partialPublisher(deps: Deps, conversationId: string, replyId: string) {
  const topic = topics.conversationSignals(conversationId);
  const publish = (text: string, done: boolean) => {
    const signal: ConversationSignal = { kind: "botPartial", conversationId, replyId, text, done };
    return deps.bus.publish(topic, signal).catch((error: unknown) => deps.log.warn("bot partial publish failed", { error: String(error) }));
  };
  return {
    update: (text: string) => void publish(text, false),
    /** `finalText` null: the reply was dropped (an agent joined, or the LLM failed), the widget removes it. */
    finish: (finalText: string | null) => publish(finalText ?? "", true),
  };
}

/**
 * Aborts `controller` as soon as an agent joins: an agent's message, or a state event leaving "bot", on the
 * conversation's topic. Resolves to a function that ends the watch.
 */
export async function watchForAgent(deps: Deps, conversationId: string, controller: AbortController): Promise<() => void> {
  const watch = new AbortController();
  await deps.bus.subscribe(
    topics.conversation(conversationId),
    (event) => {
      const message = event as Partial<AgentMessage>;
      if (message.senderKind === "agent") controller.abort();
      if (message.senderKind === "system" && message.type === "event" && typeof message.body === "string") {
        const line = parseThreadEvent(message.body);
        // The bot's own hand-off moves it to the queue; anything else leaving "bot" means a person has it.
        if (line?.event === "state" && line.from === "bot") controller.abort();
      }
    },
    watch.signal,
  );
  return () => watch.abort();
}

import type { Deps } from "../deps.ts";
import { replyIdFor, type AnswerSource, type TurnConversation, type TurnOutcome } from "./bot-turn.ts";
import { handOff } from "./hand-off-turn.ts";
import { postBotLine } from "./post-bot-line.ts";
import { partialPublisher, watchForAgent } from "./reply-stream.ts";
import { loadBotConfig, type BotConfig } from "./bot-config.ts";
import { conversationTurns, systemPrompt } from "./grounded-prompt.ts";
import { handoffBeforeReply, nextLowTurns } from "./handoff.ts";
import { smallTalkReply } from "./small-talk.ts";
import { matchByEmbeddings } from "./embeddings.ts";
import { classifyIntent } from "./intent/classify.ts";

/** A hand-off probability the model is unsure of (below the decision, above this) is checked with embeddings. */
const unsureHandoffProbability = 0.2;
import type { Retrieval } from "./knowledge-index.ts";
import { siteKnowledge } from "./knowledge.ts";
import { streamChat, type LlmEndpoint } from "./llm.ts";
import { conversationTokens, recordUsage } from "./usage.ts";

export type BotTurnInput = { organizationId: string; conversationId: string; message: { id: string; body: string } };

/**
 * The bot's answer to one visitor message, in order: hand off at once if asked (the intent model) / VIP / a site
 * rule; answer from an FAQ hit above the threshold (by words or by meaning); answer a bare greeting or thanks in kind; hand off after too many unsure turns; with an LLM, stream a grounded answer, falling
 * back to the best FAQ answer or a hand-off when it fails, times out or the visitor is over their limits; without
 * one, say it is unsure. A conversation that left "bot" (an agent joined) gets nothing.
 */
export async function runBotTurn(deps: Deps, input: BotTurnInput): Promise<TurnOutcome> {
  const conversation = await deps.db.conversation.findFirst({ where: { id: input.conversationId, organizationId: input.organizationId } });
  if (conversation?.state !== "bot") return { kind: "silent" };
  const config = await loadBotConfig(deps, input.organizationId, conversation.siteId);
  const visitorMessageId = input.message.id;
  try {
    return await decide(deps, conversation, config, input);
  } catch (error) {
    // Whatever broke, the visitor must not be left talking to a bot that never answers.
    deps.log.error("bot turn failed; handing off", { conversationId: conversation.id, error: String(error) });
    return handOff(deps, conversation, { visitorMessageId, reason: "llm_error", politeLine: config.settings.handoffMessage });
  }
}

async function decide(
  deps: Deps,
  conversation: TurnConversation & { botLowTurns: number },
  config: BotConfig,
  input: BotTurnInput,
): Promise<TurnOutcome> {
  const visitorMessageId = input.message.id;
  const { settings } = config;
  const politeLine = settings.handoffMessage;
  if (config.mode === "off") return handOff(deps, conversation, { visitorMessageId, reason: "bot_off", politeLine: null });

  const visitor = await deps.db.visitor.findFirst({
    where: { id: conversation.visitorId, organizationId: conversation.organizationId },
    select: { attributes: true, currentPage: true },
  });
  const attributes = visitor?.attributes && typeof visitor.attributes === "object" ? (visitor.attributes as Record<string, unknown>) : {};
  const early = handoffBeforeReply({ text: input.message.body, attributes, pageUrl: visitor?.currentPage ?? null }, settings);
  if (early) return handOff(deps, conversation, { visitorMessageId, reason: early, politeLine });

  const knowledge = await siteKnowledge(deps, conversation.organizationId, conversation.siteId);
  const retrieval = knowledge.search(input.message.body);
  const best = retrieval.faq[0];
  const replyId = replyIdFor(visitorMessageId);
  const answer = async (body: string, lowTurns: number, source: AnswerSource): Promise<TurnOutcome> => {
    const message = await postBotLine(deps, conversation, { replyId, body, lowTurns });
    return message ? { kind: "answered", source, messageId: message.id } : { kind: "silent" };
  };
  if (best && best.confidence >= settings.faqThreshold) return answer(best.answer, 0, "faq");
  // "Hi" or "thanks" alone is answered in kind: not a question the bot failed, so the unsure count stays.
  const smallTalk = smallTalkReply(input.message.body, settings);
  if (smallTalk) return answer(smallTalk, conversation.botLowTurns, "small_talk");
  // The site's embeddings endpoint, when it has one, for what the in-process matchers missed.
  const checkHandoff = classifyIntent(input.message.body).probabilities.handoff >= unsureHandoffProbability;
  const embedded = await matchByEmbeddings(deps, config, knowledge, { question: input.message.body, checkHandoff });
  if (embedded?.asksForHuman) return handOff(deps, conversation, { visitorMessageId, reason: "visitor_asked", politeLine });
  if (embedded?.faq) return answer(embedded.faq.answer, 0, "faq");

  const low = nextLowTurns(conversation.botLowTurns, retrieval.confidence, settings);
  if (low.handoff) return handOff(deps, conversation, { visitorMessageId, reason: "low_confidence", politeLine });
  if (config.mode !== "llm" || !config.llm) return answer(settings.unsureMessage, low.lowTurns, "unsure");

  const limited = await overLimits(deps, conversation, config);
  if (!limited) {
    const partial = partialPublisher(deps, conversation.id, replyId);
    const reply = await streamGroundedReply(deps, conversation, { config, endpoint: config.llm, retrieval, onText: partial.update });
    if (reply === "agent") {
      await partial.finish(null);
      return { kind: "silent" };
    }
    if (reply !== null) {
      const outcome = await answer(reply, low.lowTurns, "llm");
      await partial.finish(outcome.kind === "answered" ? reply : null);
      return outcome;
    }
    await partial.finish(null);
  }
  // Only an FAQ answer that is at least plausibly about the question is worth giving instead of a human.
  if (best && best.confidence >= settings.minConfidence) return answer(best.answer, low.lowTurns, "fallback");
  return handOff(deps, conversation, { visitorMessageId, reason: limited ? "limit" : "llm_error", politeLine });
}

/** Per visitor: too many bot replies in the last minute, or the conversation's token budget spent. */
async function overLimits(deps: Deps, conversation: TurnConversation, config: BotConfig): Promise<boolean> {
  const since = new Date(deps.now().getTime() - 60_000);
  const recent = await deps.db.message.count({
    where: {
      organizationId: conversation.organizationId,
      senderKind: "bot",
      createdAt: { gte: since },
      conversation: { visitorId: conversation.visitorId },
    },
  });
  if (recent >= config.settings.maxRepliesPerMinute) return true;
  return (await conversationTokens(deps, conversation.organizationId, conversation.id)) >= config.settings.maxTokensPerConversation;
}

/**
 * Streams the LLM's answer into the widget as a growing message. Returns the final text, null when the call failed
 * or timed out, or "agent" when an agent joined meanwhile (the partial is withdrawn, nothing is persisted).
 */
async function streamGroundedReply(
  deps: Deps,
  conversation: TurnConversation,
  input: { config: BotConfig; endpoint: LlmEndpoint; retrieval: Retrieval; onText: (text: string) => void },
): Promise<string | null | "agent"> {
  const agentJoined = new AbortController();
  const stopWatching = await watchForAgent(deps, conversation.id, agentJoined);
  try {
    const turns = await conversationTurns(deps, conversation.organizationId, conversation.id);
    const result = await streamChat(
      input.endpoint,
      [{ role: "system", content: systemPrompt(input.config.name, input.retrieval) }, ...turns],
      {
        allowPrivate: deps.allowPrivateLlm === true,
        firstTokenTimeoutMs: input.config.settings.firstTokenTimeoutMs,
        totalTimeoutMs: input.config.settings.totalTimeoutMs,
        onText: input.onText,
        signal: agentJoined.signal,
      },
    );
    await recordUsage(deps, {
      organizationId: conversation.organizationId,
      siteId: conversation.siteId,
      conversationId: conversation.id,
      kind: "reply",
      usage: result.usage,
    });
    if (agentJoined.signal.aborted) return "agent";
    if (!result.ok) {
      deps.log.warn("bot LLM call did not answer", { conversationId: conversation.id, error: result.error });
      return null;
    }
    return result.text;
  } finally {
    stopWatching();
  }
}

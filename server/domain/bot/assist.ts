import type { AgentIdentity } from "../agents/agent-identity.ts";
import { conversationForAgent } from "../conversations/access.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { appendMessage } from "../messages/append-message.ts";
import { ulid } from "ulid";
import { loadBotConfig, type BotConfig } from "./bot-config.ts";
import { handoffBeforeReply } from "./handoff.ts";
import { smallTalkReply } from "./small-talk.ts";
import { siteKnowledge } from "./knowledge.ts";
import { conversationTurns, systemPrompt } from "./grounded-prompt.ts";
import { streamChat, type ChatTurn, type LlmEndpoint } from "./llm.ts";
import { recordUsage, type UsageKind } from "./usage.ts";
import { startInBackground } from "./bot-runner.ts";

/** AI help for agents and admins, through the site's own endpoint. Nothing here sends to the visitor. */

function endpointOf(config: BotConfig): LlmEndpoint {
  if (!config.llm) throw new AppError("BAD_REQUEST", "no LLM endpoint is configured for this site's bot");
  return config.llm;
}

async function complete(
  deps: Deps,
  scope: { organizationId: string; siteId: string; conversationId: string | null; kind: UsageKind },
  config: BotConfig,
  turns: ChatTurn[],
): Promise<string> {
  const result = await streamChat(endpointOf(config), turns, {
    allowPrivate: deps.allowPrivateLlm === true,
    firstTokenTimeoutMs: config.settings.firstTokenTimeoutMs,
    totalTimeoutMs: config.settings.totalTimeoutMs,
  });
  await recordUsage(deps, { ...scope, usage: result.usage });
  if (!result.ok)
    throw new AppError("BAD_REQUEST", result.error === "timeout" ? "the LLM endpoint timed out" : "the LLM endpoint did not answer");
  return result.text;
}

const transcriptOf = (turns: ChatTurn[]) => turns.map((turn) => `${turn.role === "user" ? "Visitor" : "Us"}: ${turn.content}`).join("\n");

/** A draft for the agent's composer, grounded in the site's knowledge. Returned, never sent. */
export async function suggestReply(deps: Deps, agent: AgentIdentity, input: { conversationId: string }): Promise<{ draft: string }> {
  const conversation = await conversationForAgent(deps, agent, input.conversationId, { id: true, organizationId: true, siteId: true });
  const config = await loadBotConfig(deps, agent.organizationId, conversation.siteId);
  const turns = await conversationTurns(deps, agent.organizationId, conversation.id, 20);
  const lastQuestion = [...turns].reverse().find((turn) => turn.role === "user")?.content ?? "";
  const retrieval = (await siteKnowledge(deps, agent.organizationId, conversation.siteId)).search(lastQuestion);
  const system = `${systemPrompt(config.name, retrieval)}\n\nYou are drafting the next reply for a human agent, who will edit it before sending.`;
  const draft = await complete(
    deps,
    { organizationId: agent.organizationId, siteId: conversation.siteId, conversationId: conversation.id, kind: "suggest" },
    config,
    [{ role: "system", content: system }, ...turns],
  );
  return { draft };
}

const summaryPrompt =
  "Summarize this customer-service conversation for a colleague in 2-4 short plain-text sentences: what the visitor wants, what was already said or tried, what is still open. Use the language of the conversation.";

/** Writes the summary as an internal note (hidden from the visitor) and returns it. */
async function writeSummary(
  deps: Deps,
  conversation: { id: string; organizationId: string; siteId: string },
  config: BotConfig,
  turns: ChatTurn[],
) {
  const summary = await complete(
    deps,
    { organizationId: conversation.organizationId, siteId: conversation.siteId, conversationId: conversation.id, kind: "summary" },
    config,
    [
      { role: "system", content: summaryPrompt },
      { role: "user", content: transcriptOf(turns) || "(empty conversation)" },
    ],
  );
  await appendMessage(deps, {
    organizationId: conversation.organizationId,
    conversationId: conversation.id,
    clientMsgId: `summary-${ulid()}`,
    senderKind: "bot",
    senderId: null,
    type: "note",
    body: summary,
  });
  return summary;
}

/** A short summary of the conversation, kept as an internal note for the next agent. */
export async function summarizeConversation(
  deps: Deps,
  agent: AgentIdentity,
  input: { conversationId: string },
): Promise<{ summary: string }> {
  const conversation = await conversationForAgent(deps, agent, input.conversationId, { id: true, organizationId: true, siteId: true });
  const config = await loadBotConfig(deps, agent.organizationId, conversation.siteId);
  endpointOf(config);
  const turns = await conversationTurns(deps, agent.organizationId, conversation.id, 50);
  return { summary: await writeSummary(deps, conversation, config, turns) };
}

async function findSummaryTarget(deps: Deps, input: { organizationId: string; conversationId: string }) {
  const conversation = await deps.db.conversation.findFirst({
    where: { id: input.conversationId, organizationId: input.organizationId },
    select: { id: true, organizationId: true, siteId: true },
  });
  if (!conversation) return null;
  const config = await loadBotConfig(deps, input.organizationId, conversation.siteId);
  return config.mode === "off" || !config.llm ? null : { conversation, config };
}

/**
 * After a transfer or a resolve, when the site has an LLM endpoint: the summary note is written in the background,
 * so the agent's action never waits for the LLM (only for the one query that finds whether there is one). A
 * conversation with fewer than two messages needs no summary.
 */
export async function summarizeLater(deps: Deps, input: { organizationId: string; conversationId: string }): Promise<void> {
  const found = await findSummaryTarget(deps, input).catch((error: unknown) => {
    // The agent's action is committed; a missing summary must not turn it into an error.
    deps.log.error("summary lookup failed", { conversationId: input.conversationId, error: String(error) });
    return null;
  });
  if (!found) return;
  const { conversation, config } = found;
  startInBackground(deps, "conversation summary", { conversationId: conversation.id }, async () => {
    const turns = await conversationTurns(deps, input.organizationId, conversation.id, 50);
    if (turns.length >= 2) await writeSummary(deps, conversation, config, turns);
  });
}

/** The dashboard's "test the bot" box: what the bot would answer, without a conversation. */
export async function testBot(deps: Deps, admin: AgentIdentity, input: { siteId: string; question: string }) {
  const site = await deps.db.site.findFirst({ where: { id: input.siteId, organizationId: admin.organizationId }, select: { id: true } });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  const config = await loadBotConfig(deps, admin.organizationId, input.siteId);
  const handoff = handoffBeforeReply({ text: input.question, attributes: {}, pageUrl: null }, config.settings);
  const retrieval = (await siteKnowledge(deps, admin.organizationId, input.siteId)).search(input.question);
  const best = retrieval.faq[0];
  const matches = retrieval.faq.map((hit) => ({ question: hit.question, confidence: hit.confidence }));
  const base = { confidence: retrieval.confidence, matches, chunks: retrieval.chunks.map((hit) => hit.chunk.title) };
  if (handoff) return { ...base, source: "handoff" as const, answer: config.settings.handoffMessage, handoffReason: handoff };
  if (best && best.confidence >= config.settings.faqThreshold)
    return { ...base, source: "faq" as const, answer: best.answer, handoffReason: null };
  const smallTalk = smallTalkReply(input.question, config.settings);
  if (smallTalk) return { ...base, source: "small_talk" as const, answer: smallTalk, handoffReason: null };
  if (config.mode !== "llm" || !config.llm)
    return { ...base, source: "unsure" as const, answer: config.settings.unsureMessage, handoffReason: null };
  const answer = await complete(
    deps,
    { organizationId: admin.organizationId, siteId: input.siteId, conversationId: null, kind: "test" },
    config,
    [
      { role: "system", content: systemPrompt(config.name, retrieval) },
      { role: "user", content: input.question },
    ],
  );
  return { ...base, source: "llm" as const, answer, handoffReason: null };
}

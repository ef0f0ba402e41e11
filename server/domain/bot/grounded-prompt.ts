import type { Deps } from "../deps.ts";
import type { ChatTurn } from "./llm.ts";
import type { Retrieval } from "./knowledge-index.ts";

/**
 * The fixed system prompt. The bot has no tools and its output is rendered as plain text, so the worst a prompt
 * injection in a visitor message or a document can do is make the bot say something odd — it cannot act.
 */
export function systemPrompt(botName: string, retrieval: Retrieval): string {
  const context = [
    ...retrieval.faq.map((hit) => `Q: ${hit.question}\nA: ${hit.answer}`),
    ...retrieval.chunks.map((hit) => `[${hit.chunk.title}]\n${hit.chunk.text}`),
  ].join("\n\n---\n\n");
  return [
    `You are ${botName}, the customer-service assistant of this website.`,
    "Answer the visitor's last message using only the knowledge below. If the knowledge does not contain the answer,",
    "say briefly that you are not sure and offer to connect them with a human agent. Do not invent policies, prices or",
    "links. You cannot take actions (no refunds, orders or account changes): explain how instead. Reply in the",
    "visitor's language, in plain text without Markdown, in at most a few sentences.",
    "",
    "Knowledge:",
    context || "(none)",
  ].join("\n");
}

/** The conversation so far as chat turns (the last few text messages), oldest first. */
export async function conversationTurns(deps: Deps, organizationId: string, conversationId: string, limit = 10): Promise<ChatTurn[]> {
  const rows = await deps.db.message.findMany({
    where: { organizationId, conversationId, type: "text", senderKind: { in: ["visitor", "bot", "agent"] } },
    orderBy: { seq: "desc" },
    take: limit,
    select: { senderKind: true, body: true },
  });
  return rows.reverse().map((row) => ({ role: row.senderKind === "visitor" ? "user" : "assistant", content: row.body }));
}

import type { BotSettings } from "./bot-settings.ts";

/** Why the bot handed a conversation to a human; stored on the conversation and shown to the agent. */
export const handoffReasons = ["visitor_asked", "low_confidence", "llm_error", "vip", "site_rule", "bot_off", "limit"] as const;
export type HandoffReason = (typeof handoffReasons)[number];

/**
 * "I want a human", in the languages visitors write in. Whole words for scripts with spaces; plain substrings for
 * Chinese and Japanese, which have none.
 */
const humanWords =
  /\b(human|humans|agent|agents|operator|representative|real person|someone real|live chat|humano|agente|persona|humain|conseiller|mensch|mitarbeiter|operatore|atendente)\b/iu;
const humanPhrases = ["人工", "转人工", "真人", "客服人员", "人工客服", "找客服", "オペレーター", "担当者", "人間", "상담원"];

export function asksForHuman(text: string): boolean {
  const normal = text.normalize("NFKC");
  return humanWords.test(normal) || humanPhrases.some((phrase) => normal.includes(phrase));
}

export type HandoffContext = {
  text: string;
  attributes: Record<string, unknown>;
  pageUrl: string | null;
};

const truthy = (value: unknown) => value === true || value === 1 || (typeof value === "string" && /^(1|true|yes|y)$/i.test(value.trim()));

/** Triggers checked before the bot answers: the visitor asked, a VIP, or a site rule. Null: the bot may answer. */
export function handoffBeforeReply(context: HandoffContext, settings: BotSettings): HandoffReason | null {
  if (asksForHuman(context.text)) return "visitor_asked";
  if (settings.vipAttribute && truthy(context.attributes[settings.vipAttribute])) return "vip";
  const lower = context.text.toLowerCase();
  if (settings.ruleKeywords.some((keyword) => lower.includes(keyword.toLowerCase()))) return "site_rule";
  if (context.pageUrl && settings.rulePages.some((fragment) => context.pageUrl!.includes(fragment))) return "site_rule";
  return null;
}

/** Unsure turns in a row after this one; at the limit the bot hands off. */
export function nextLowTurns(previous: number, confidence: number, settings: BotSettings): { lowTurns: number; handoff: boolean } {
  const lowTurns = confidence < settings.minConfidence ? previous + 1 : 0;
  return { lowTurns, handoff: lowTurns >= settings.lowConfidenceTurns };
}

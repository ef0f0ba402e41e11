import type { HandoffReason } from "../../contracts/thread-events.ts";
import { classifyIntent } from "./intent/classify.ts";
import type { BotSettings } from "./bot-settings.ts";

/**
 * "I want a human". English and Chinese go to the trained intent model (intent/), which knows "I want to talk to a
 * person", "let me talk to someone", typos and mixed language without a word list, and tells "can a person return
 * an opened item?" or "人工费多少钱" from a request. Languages the model was not trained on keep a short word list.
 */
const otherLanguageWords = /\b(humano|agente|persona real|humain|conseiller|mensch|mitarbeiter|operatore|atendente)\b/iu;
const otherLanguagePhrases = ["オペレーター", "担当者", "人間", "상담원"];
/** Hand-off is the model's best guess, or at least this likely: the visitor is taken to have asked for a human. */
export const handoffProbability = 0.5;

export function asksForHuman(text: string): boolean {
  const normal = text.normalize("NFKC");
  if (otherLanguageWords.test(normal) || otherLanguagePhrases.some((phrase) => normal.includes(phrase))) return true;
  const scores = classifyIntent(normal);
  return scores.intent === "handoff" || scores.probabilities.handoff >= handoffProbability;
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

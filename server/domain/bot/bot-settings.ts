import { z } from "zod";

export const botModes = ["off", "faq", "llm"] as const;
export type BotMode = (typeof botModes)[number];

const phrase = z.string().trim().min(1).max(80);

/** Hand-off rules, thresholds, limits and the bot's fixed lines. Every field has a default. */
export const botSettingsSchema = z.object({
  /** An FAQ hit at or above this confidence is answered as is. */
  faqThreshold: z.number().min(0).max(1).default(0.6),
  /** Below this, a turn counts as "unsure"; `lowConfidenceTurns` unsure turns in a row hand off. */
  minConfidence: z.number().min(0).max(1).default(0.34),
  lowConfidenceTurns: z.number().int().min(1).max(20).default(2),
  /** A visitor attribute (from setAttributes/identify) that, when truthy, sends the visitor straight to a human. */
  vipAttribute: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{0,40}$/)
    .default("vip"),
  /** Site rules: phrases in a message, or fragments of the page URL, that hand off at once. */
  ruleKeywords: z.array(phrase).max(50).default([]),
  rulePages: z.array(phrase).max(50).default([]),
  handoffMessage: z.string().max(300).default("Let me connect you with a member of our team — one moment, please."),
  unsureMessage: z.string().max(300).default("I'm not sure about that one. Could you rephrase, or ask for a human agent?"),
  /** The bot's answer to a message that only greets or only thanks; empty: a built-in line in the visitor's language. */
  greetingMessage: z.string().max(300).default(""),
  thanksMessage: z.string().max(300).default(""),
  /**
   * An embeddings model of the same endpoint (e.g. text-embedding-3-small, bge-m3): when set, a question neither the
   * words nor the meaning index matched is compared with the FAQ by embeddings, and a hand-off the intent model is
   * unsure of with example requests for a human. Never required: empty, or the endpoint failing, skips it.
   */
  embeddingModel: z.string().trim().max(100).default(""),
  /** Cosine similarity at or above which an embedding match counts. */
  embeddingThreshold: z.number().min(0.5).max(1).default(0.8),
  firstTokenTimeoutMs: z.number().int().min(500).max(60_000).default(8_000),
  totalTimeoutMs: z.number().int().min(1_000).max(120_000).default(30_000),
  /** Per visitor: bot replies per minute, and LLM tokens per conversation, before the bot stops calling the LLM. */
  maxRepliesPerMinute: z.number().int().min(1).max(60).default(6),
  maxTokensPerConversation: z.number().int().min(100).max(200_000).default(8_000),
});
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** Reads the stored JSON; anything missing or malformed falls back to its default, field by field. */
export function botSettingsOf(stored: unknown): BotSettings {
  const source = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const defaults = botSettingsSchema.parse({});
  const settings: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof BotSettings)[]) {
    const parsed = botSettingsSchema.shape[key].safeParse(source[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as BotSettings;
}

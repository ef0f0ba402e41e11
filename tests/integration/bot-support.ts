import type { Deps } from "../../server/domain/deps.ts";
import { saveBotConfig } from "../../server/domain/bot/bot-config.ts";
import { botSettingsOf, type BotMode, type BotSettings } from "../../server/domain/bot/bot-settings.ts";
import type { createTenant } from "../support/fixtures.ts";

type Tenant = Awaited<ReturnType<typeof createTenant>>;

export const faqs = [
  { questions: ["How do I return an item?", "Can I send something back?", "如何退货", "退货政策是什么"], answer: "Returns are free within 30 days." },
  { questions: ["How long does shipping take?", "发货要多久"], answer: "Orders ship within 2 days." },
];

/** Turns the tenant's bot on with the two FAQ entries above (and, for "llm", the fake endpoint). */
export async function botOn(
  deps: Deps,
  tenant: Tenant,
  options: { mode?: BotMode; baseUrl?: string; apiKey?: string; settings?: Partial<BotSettings> } = {},
) {
  await saveBotConfig(deps, tenant.agent, {
    siteId: tenant.site.id,
    mode: options.mode ?? "faq",
    name: "Parley Bot",
    avatarUrl: null,
    settings: { ...botSettingsOf(null), firstTokenTimeoutMs: 1_000, totalTimeoutMs: 5_000, ...options.settings },
    llm: { baseUrl: options.baseUrl ?? "", model: options.baseUrl ? "fake-model" : "", temperature: 0.2, maxTokens: 256, apiKey: options.apiKey },
  });
  for (const faq of faqs) {
    await deps.db.botFaq.create({ data: { organizationId: tenant.organization.id, siteId: tenant.site.id, ...faq } });
  }
}

export const messagesOf = (deps: Deps, conversationId: string) =>
  deps.db.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });

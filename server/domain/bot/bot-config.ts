import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { refusedReceiver } from "../network/outbound-address.ts";
import { AppError } from "../errors.ts";
import { botSettingsOf, type BotMode, type BotSettings } from "./bot-settings.ts";
import type { LlmEndpoint } from "./llm.ts";
import { openSecret, sealSecret } from "./secret-box.ts";

export type BotConfig = {
  siteId: string;
  mode: BotMode;
  name: string;
  avatarUrl: string | null;
  settings: BotSettings;
  /** Null unless a base URL and a model are set. The key is decrypted only here, never sent to a browser. */
  llm: LlmEndpoint | null;
};

/** What the dashboard sees: the key only as "set or not". */
export type BotConfigView = Omit<BotConfig, "llm"> & {
  llm: { baseUrl: string; model: string; temperature: number; maxTokens: number; hasApiKey: boolean };
};

type Row = NonNullable<Awaited<ReturnType<Deps["db"]["botConfig"]["findFirst"]>>>;

const defaultName = "Assistant";

function toConfig(deps: Deps, row: Row | null, siteId: string): BotConfig {
  if (!row) return { siteId, mode: "off", name: defaultName, avatarUrl: null, settings: botSettingsOf(null), llm: null };
  const apiKey = row.llmApiKey ? openSecret(deps.sessionSecret, row.llmApiKey) : null;
  return {
    siteId,
    mode: row.mode === "faq" || row.mode === "llm" ? row.mode : "off",
    name: row.name,
    avatarUrl: row.avatarUrl,
    settings: botSettingsOf(row.settings),
    llm:
      row.llmBaseUrl && row.llmModel
        ? { baseUrl: row.llmBaseUrl, apiKey, model: row.llmModel, temperature: row.llmTemperature, maxTokens: row.llmMaxTokens }
        : null,
  };
}

export async function loadBotConfig(deps: Deps, organizationId: string, siteId: string): Promise<BotConfig> {
  const row = await deps.db.botConfig.findFirst({ where: { organizationId, siteId } });
  return toConfig(deps, row, siteId);
}

/** Whether a visitor's new conversation on this site starts with the bot. */
export async function botIsOn(deps: Deps, organizationId: string, siteId: string): Promise<boolean> {
  const row = await deps.db.botConfig.findFirst({ where: { organizationId, siteId }, select: { mode: true } });
  return row !== null && row.mode !== "off";
}

/** What the widget shows of the bot: its name and avatar, or null when the site has no bot. */
export async function botFace(
  deps: Deps,
  organizationId: string,
  siteId: string,
): Promise<{ name: string; avatarUrl: string | null } | null> {
  const row = await deps.db.botConfig.findFirst({ where: { organizationId, siteId }, select: { mode: true, name: true, avatarUrl: true } });
  return row && row.mode !== "off" ? { name: row.name, avatarUrl: row.avatarUrl } : null;
}

async function assertSite(deps: Deps, organizationId: string, siteId: string) {
  const site = await deps.db.site.findFirst({ where: { id: siteId, organizationId }, select: { id: true } });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
}

export async function getBotConfigView(deps: Deps, organizationId: string, siteId: string): Promise<BotConfigView> {
  await assertSite(deps, organizationId, siteId);
  const row = await deps.db.botConfig.findFirst({ where: { organizationId, siteId } });
  const config = toConfig(deps, row, siteId);
  return {
    ...config,
    llm: {
      baseUrl: row?.llmBaseUrl ?? "",
      model: row?.llmModel ?? "",
      temperature: row?.llmTemperature ?? 0.3,
      maxTokens: row?.llmMaxTokens ?? 512,
      hasApiKey: Boolean(row?.llmApiKey),
    },
  };
}

export type BotConfigChanges = {
  siteId: string;
  mode: BotMode;
  name: string;
  avatarUrl: string | null;
  settings: BotSettings;
  llm: {
    baseUrl: string;
    model: string;
    temperature: number;
    maxTokens: number;
    /** undefined keeps the stored key; null or "" removes it. */
    apiKey?: string | null;
  };
};

export async function saveBotConfig(deps: Deps, admin: AgentIdentity, input: BotConfigChanges): Promise<BotConfigView> {
  await assertSite(deps, admin.organizationId, input.siteId);
  if (input.mode === "llm" && (!input.llm.baseUrl || !input.llm.model)) {
    throw new AppError("BAD_REQUEST", "FAQ + LLM needs the endpoint's base URL and a model");
  }
  const refused = input.llm.baseUrl ? await refusedReceiver(input.llm.baseUrl, deps.allowPrivateLlm === true, "LLM_ALLOW_PRIVATE=1") : null;
  if (refused) throw new AppError("BAD_REQUEST", refused);
  const apiKey = input.llm.apiKey === undefined ? undefined : input.llm.apiKey ? sealSecret(deps.sessionSecret, input.llm.apiKey) : null;
  const data = {
    mode: input.mode,
    name: input.name,
    avatarUrl: input.avatarUrl,
    settings: input.settings,
    llmBaseUrl: input.llm.baseUrl || null,
    llmModel: input.llm.model || null,
    llmTemperature: input.llm.temperature,
    llmMaxTokens: input.llm.maxTokens,
    ...(apiKey === undefined ? {} : { llmApiKey: apiKey }),
  };
  await deps.db.botConfig.upsert({
    where: { siteId: input.siteId },
    create: { organizationId: admin.organizationId, siteId: input.siteId, ...data },
    update: data,
  });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "bot.configure",
    targetType: "site",
    targetId: input.siteId,
    details: { mode: input.mode, model: input.llm.model || null, apiKeyChanged: apiKey !== undefined },
  });
  return getBotConfigView(deps, admin.organizationId, input.siteId);
}

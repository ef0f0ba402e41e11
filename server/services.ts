import { createBus } from "./bus/index.ts";
import type { Config } from "./config.ts";
import type { Deps, Logger } from "./domain/deps.ts";
import type { LimitStore } from "./domain/limits/limit-store.ts";
import { createLimitStore } from "./limits/index.ts";
import { createSmtpMailer } from "./mail/smtp-mailer.ts";
import { createDb } from "./store/db.ts";
import { createMemoryPresence } from "./presence/memory.ts";
import { createRedisPresence } from "./presence/redis.ts";
import { createMemoryNodeRegistry } from "./nodes/memory.ts";
import { createRedisNodeRegistry } from "./nodes/redis.ts";
import { routingLifecycle } from "./domain/routing/lifecycle.ts";
import { BackgroundWork } from "./domain/bot/bot-runner.ts";
import { KnowledgeCache } from "./domain/bot/knowledge.ts";
import { OpenConversationHints } from "./domain/messages/open-conversation-hints.ts";

/** The per-process services every Deps has: what talks to the database, Redis or memory, and what the process keeps. */
export type Services = Pick<Deps, "db" | "bus" | "presence" | "nodes" | "lifecycle" | "openConversations" | "knowledge" | "background"> & {
  limitStore: LimitStore;
};

/**
 * Builds the process's one database client, bus, presence store, node registry and limit store (Redis-backed when
 * `redisUrl` is set, in-process otherwise) and what it keeps in memory: open-conversation hints, knowledge indexes,
 * background work, and routing's reactions. The server (createDeps), the tests (tests/support/deps.ts) and the
 * benches call it; nothing of it lives in a module global.
 */
export async function createServices(options: {
  databaseUrl: string;
  redisUrl?: string;
  keyPrefix: string;
  onBusError?: (error: unknown) => void;
}): Promise<Services> {
  const { redisUrl, keyPrefix } = options;
  return {
    db: await createDb(options.databaseUrl),
    bus: createBus({ redisUrl, keyPrefix, ...(options.onBusError ? { onError: options.onBusError } : {}) }),
    presence: redisUrl ? createRedisPresence({ url: redisUrl, keyPrefix }) : createMemoryPresence(),
    nodes: redisUrl ? createRedisNodeRegistry({ url: redisUrl, keyPrefix }) : createMemoryNodeRegistry(),
    limitStore: createLimitStore({ redisUrl, keyPrefix }),
    lifecycle: routingLifecycle,
    openConversations: new OpenConversationHints(),
    knowledge: new KnowledgeCache(),
    background: new BackgroundWork(),
  };
}

/** The server's Deps: its services, and the settings config.ts read. */
export async function createDeps(config: Config, log: Logger): Promise<Deps> {
  const { limitStore, ...services } = await createServices({
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onBusError: (error) => log.error("bus error", { error: String(error) }),
  });
  return {
    ...services,
    publicSignup: config.publicSignup,
    trustProxy: config.trustProxy,
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    allowPrivateLlm: config.allowPrivateLlm,
    ...(config.smtpUrl
      ? { mailer: createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom, replyAfterMs: config.emailReplyAfterSeconds * 1000 }) }
      : {}),
    messageBatch: { windowMs: config.messageBatchWindowMs, maxSize: config.messageBatchMax },
    sessionSecret: config.sessionSecret,
    publicUrl: config.publicUrl,
    extraOrigins: config.extraOrigins,
    limits: { store: limitStore, settings: config.limits },
    now: () => new Date(),
    log,
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.bus.close(), deps.presence.close(), deps.nodes.close(), deps.limits.store.close(), deps.db.$disconnect()]);
}

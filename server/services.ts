import { createBus } from "./bus/index.ts";
import type { Config } from "./config.ts";
import type { Deps, Logger } from "./domain/deps.ts";
import { createSmtpMailer } from "./mail/smtp-mailer.ts";
import { createDb } from "./store/db.ts";
import { createMemoryPresence } from "./realtime/presence-memory.ts";
import { createRedisPresence } from "./realtime/presence-redis.ts";
import { createMemoryNodeRegistry } from "./realtime/node-registry-memory.ts";
import { createRedisNodeRegistry } from "./realtime/node-registry-redis.ts";
import { routingLifecycle } from "./domain/routing/lifecycle.ts";

/** Builds the process's one database client and one bus; tests build their own Deps the same way. */
export async function createDeps(config: Config, log: Logger): Promise<Deps> {
  const db = await createDb(config.databaseUrl);
  const bus = createBus({
    redisUrl: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onError: (error) => log.error("bus error", { error: String(error) }),
  });
  const presence = config.redisUrl
    ? createRedisPresence({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix })
    : createMemoryPresence();
  const nodes = config.redisUrl
    ? createRedisNodeRegistry({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix })
    : createMemoryNodeRegistry();
  return {
    db,
    bus,
    presence,
    nodes,
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
    lifecycle: routingLifecycle,
    now: () => new Date(),
    log,
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await Promise.allSettled([deps.bus.close(), deps.presence.close(), deps.nodes.close(), deps.db.$disconnect()]);
}

import type { Bus } from "../bus/bus.ts";
import type { Metrics } from "../metrics/port.ts";
import type { Db } from "../store/db.ts";
import type { Limits } from "./limits/settings.ts";
import type { BackgroundWork } from "./bot/bot-runner.ts";
import type { KnowledgeCache } from "./bot/knowledge.ts";
import type { BatchOptions } from "./messages/message-batcher.ts";
import type { OpenConversationHints } from "./messages/open-conversation-hints.ts";
import type { OutboundNetwork } from "./network/outbound-policy.ts";
import type { NodeRegistry } from "../nodes/node-registry.ts";
import type { PresenceStore } from "../presence/presence-store.ts";

/** What domain functions need from the outside world; built once in server/main.ts, and by each test. */
export type Mailer = {
  /** After this long unread, an agent's reply goes to the visitor's email. */
  replyAfterMs: number;
  send(mail: { to: string; subject: string; text: string; html: string }): Promise<void>;
};

/**
 * What conversations and presence tell the rest of the domain after a committed change, without importing it:
 * routing supplies these (routing/lifecycle.ts), so the only writer of state never calls into routing.
 */
export type ConversationLifecycle = {
  /** An agent's slot in the team freed up (a chat ended, moved or was reassigned): its queue may move. */
  slotFreed(deps: Deps, organizationId: string, teamId: string | null): Promise<void>;
  /** An agent became available: they may take from their teams' queues. */
  agentCameOnline(deps: Deps, organizationId: string, userId: string): Promise<void>;
  /** An agent signed off: chats nobody has answered yet go back to routing. */
  agentWentOffline(deps: Deps, organizationId: string, userId: string): Promise<void>;
  /** An agent's availability changed: their teams' wait estimates changed even if nobody moved in line. */
  agentHandsChanged(deps: Deps, organizationId: string, userId: string): Promise<void>;
};

export type Deps = {
  db: Db;
  bus: Bus;
  /** Agents' online/away status, shared by every node (Redis with TTLs, or in-process). */
  presence: PresenceStore;
  /** The serving processes of the cluster, each announced under a TTL (Redis, or this process alone). */
  nodes: NodeRegistry;
  /** Whether /signup may create organizations (PUBLIC_SIGNUP); closed when absent. */
  publicSignup?: boolean;
  /** Take the client address from the proxy's X-Forwarded-For (TRUST_PROXY); the socket's address when absent. */
  trustProxy?: boolean;
  /** Webhooks may call internal addresses (WEBHOOK_ALLOW_PRIVATE); refused when absent. */
  allowPrivateWebhooks?: boolean;
  /** The bot's LLM endpoint may be internal (LLM_ALLOW_PRIVATE); refused when absent. */
  allowPrivateLlm?: boolean;
  /** Only tests set this: a resolver and "public address" rule that play a public host on loopback. */
  outboundNetwork?: OutboundNetwork;
  /** Emails replies to visitors who left an address (SMTP_URL); absent, nothing is emailed. */
  mailer?: Mailer;
  /** Signs visitor tokens. */
  sessionSecret: string;
  /** The app's own origin, always allowed to open visitor sessions (the H5 chat page and the demo live there). */
  publicUrl: string;
  /** Further origins whose pages may use an agent's session (EXTRA_ORIGINS), beside PUBLIC_URL's. */
  extraOrigins?: string[];
  /** Micro-batching of message inserts (MESSAGE_BATCH_WINDOW_MS, MESSAGE_BATCH_MAX); defaults when absent. */
  messageBatch?: BatchOptions;
  /** Reactions to state and presence changes; routing's (routing/lifecycle.ts) in every process. */
  lifecycle: ConversationLifecycle;
  /** This process's memory of visitors' open conversations, so a send needs no lookup first (a hint only). */
  openConversations: OpenConversationHints;
  /** This process's sites' knowledge indexes, rebuilt when the knowledge changes. */
  knowledge: KnowledgeCache;
  /** Work started behind a request (bot turns, summaries), awaited on shutdown. */
  background: BackgroundWork;
  /** Login limits and visitor budgets: counters shared by every node (Redis, or in-process) and their settings. */
  limits: Limits;
  now: () => Date;
  log: Logger;
  /** Counters and histograms for /metrics (server/metrics/); absent when metrics are off and in tests. */
  metrics?: Metrics;
};

export type Logger = {
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
};

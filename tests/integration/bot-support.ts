import type { Bus } from "../../server/bus/bus.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { messageStatementsFor, messageStatementsKey, type MessageStatements } from "../../server/store/message-statements.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { saveBotConfig } from "../../server/domain/bot/bot-config.ts";
import { botSettingsOf, type BotMode, type BotSettings } from "../../server/domain/bot/bot-settings.ts";
import { clientMsgId, type createTenant } from "../support/fixtures.ts";

type Tenant = Awaited<ReturnType<typeof createTenant>>;

export const faqs = [
  {
    questions: ["How do I return an item?", "Can I send something back?", "如何退货", "退货政策是什么"],
    answer: "Returns are free within 30 days.",
  },
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
    llm: {
      baseUrl: options.baseUrl ?? "",
      model: options.baseUrl ? "fake-model" : "",
      temperature: 0.2,
      maxTokens: 256,
      apiKey: options.apiKey,
    },
  });
  for (const faq of faqs) {
    await deps.db.botFaq.create({ data: { organizationId: tenant.organization.id, siteId: tenant.site.id, ...faq } });
  }
}

export const messagesOf = (deps: Deps, conversationId: string) =>
  deps.db.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });

/** The visitor (a new one unless given) writes; the bot's turn is awaited; returns the conversation as it is then. */
export async function ask(deps: Deps, tenant: Tenant, body: string, visitor?: Awaited<ReturnType<Tenant["visitor"]>>) {
  const who = visitor ?? (await tenant.visitor());
  const ack = await sendVisitorMessage(deps, who, { clientMsgId: clientMsgId(), body });
  await deps.background.settle();
  return { visitor: who, ack, conversation: await deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } }) };
}

export const botLines = async (deps: Deps, conversationId: string) =>
  (await messagesOf(deps, conversationId)).filter((message) => message.senderKind === "bot").map((message) => message.body);

export const handoffEvents = async (deps: Deps, conversationId: string) =>
  (await messagesOf(deps, conversationId))
    .filter((message) => message.type === "event" && message.body.includes('"handoff"'))
    .map((message) => JSON.parse(message.body));

/**
 * The node as it is, counting what a step does to the database and the bus: message commits (the send path's
 * statements), writes to conversation rows (by method), and publishes on the organization's inbox topic.
 */
export function countingNode(deps: Deps) {
  const counts = { commits: 0, conversationWrites: [] as string[], inboxPublishes: 0 };
  const statements = messageStatementsFor(deps.db);
  const counting: MessageStatements = {
    ...statements,
    commit: (grants, rowsFor) => {
      counts.commits++;
      return statements.commit(grants, rowsFor);
    },
  };
  const writes = new Set(["update", "updateMany", "upsert", "create", "createMany", "delete", "deleteMany"]);
  const conversation = new Proxy(deps.db.conversation, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (writes.has(String(property))) counts.conversationWrites.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const db = new Proxy(deps.db, {
    get(target, property, receiver) {
      if (property === messageStatementsKey) return counting;
      if (property === "conversation") return conversation;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const bus = new Proxy(deps.bus, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "publish") return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return (topic: string, event: unknown) => {
        if (topic.startsWith("inbox:")) counts.inboxPublishes++;
        return target.publish(topic, event);
      };
    },
  }) as Bus;
  return Object.assign(counts, { node: { ...deps, db, bus } as Deps });
}

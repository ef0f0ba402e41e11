import type { Deps } from "../deps.ts";
import type { WebhookEvent } from "../../contracts/webhooks.ts";

export type PendingWebhookEvent = { organizationId: string; event: WebhookEvent; payload: Record<string, unknown> };

/**
 * Records one delivery per active webhook of the organization that wants this event; the dispatcher sends them.
 * Best effort and after the fact: a failure here is logged and never fails the chat action that caused it.
 */
export async function enqueueWebhookEvent(
  deps: Deps,
  organizationId: string,
  event: WebhookEvent,
  payload: Record<string, unknown>,
  onlyWebhookId?: string,
): Promise<number> {
  return enqueueWebhookEvents(deps, [{ organizationId, event, payload }], onlyWebhookId);
}

/** Several events at once (a batch of messages): one read of the webhooks, one insert of the deliveries. */
export async function enqueueWebhookEvents(deps: Deps, events: PendingWebhookEvent[], onlyWebhookId?: string): Promise<number> {
  if (events.length === 0) return 0;
  try {
    return await writeDeliveries(deps.db, deps.now(), events, onlyWebhookId);
  } catch (error) {
    const organizationIds = [...new Set(events.map((pending) => pending.organizationId))];
    deps.log.error("webhook enqueue failed", { organizationIds, events: events.map((pending) => pending.event), error: String(error) });
    return 0;
  }
}

type Tx = Parameters<Parameters<Deps["db"]["$transaction"]>[0]>[0];

/**
 * Inside the transaction that commits the change: the deliveries exist if and only if the change does, so a crash
 * between the commit and the enqueue cannot lose the event. A failure here fails the transaction (and the change).
 */
export async function enqueueWebhookEventsIn(tx: Tx, deps: Deps, events: PendingWebhookEvent[]): Promise<number> {
  return events.length === 0 ? 0 : writeDeliveries(tx, deps.now(), events);
}

async function writeDeliveries(db: Tx, now: Date, events: PendingWebhookEvent[], onlyWebhookId?: string): Promise<number> {
  const organizationIds = [...new Set(events.map((pending) => pending.organizationId))];
  const webhooks = await db.webhook.findMany({
    where: { organizationId: { in: organizationIds }, active: true, ...(onlyWebhookId ? { id: onlyWebhookId } : {}) },
    select: { id: true, organizationId: true, events: true },
  });
  if (webhooks.length === 0) return 0;
  const deliveries = events.flatMap(({ organizationId, event, payload }) => {
    const body = { event, createdAt: now.toISOString(), data: payload };
    return webhooks
      .filter((webhook) => webhook.organizationId === organizationId)
      .filter((webhook) => event === "ping" || (webhook.events as string[]).includes(event))
      .map((webhook) => ({ organizationId, webhookId: webhook.id, event, payload: body as object, nextAttemptAt: now, createdAt: now }));
  });
  if (deliveries.length === 0) return 0;
  await db.webhookDelivery.createMany({ data: deliveries });
  return deliveries.length;
}

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
  const organizationIds = [...new Set(events.map((pending) => pending.organizationId))];
  try {
    const webhooks = await deps.db.webhook.findMany({
      where: { organizationId: { in: organizationIds }, active: true, ...(onlyWebhookId ? { id: onlyWebhookId } : {}) },
      select: { id: true, organizationId: true, events: true },
    });
    if (webhooks.length === 0) return 0;
    const now = deps.now();
    const deliveries = events.flatMap(({ organizationId, event, payload }) => {
      const body = { event, createdAt: now.toISOString(), data: payload };
      return webhooks
        .filter((webhook) => webhook.organizationId === organizationId)
        .filter((webhook) => event === "ping" || (webhook.events as string[]).includes(event))
        .map((webhook) => ({ organizationId, webhookId: webhook.id, event, payload: body as object, nextAttemptAt: now, createdAt: now }));
    });
    if (deliveries.length === 0) return 0;
    await deps.db.webhookDelivery.createMany({ data: deliveries });
    return deliveries.length;
  } catch (error) {
    deps.log.error("webhook enqueue failed", { organizationIds, events: events.map((pending) => pending.event), error: String(error) });
    return 0;
  }
}

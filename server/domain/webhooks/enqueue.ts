import type { Deps } from "../deps.ts";
import type { WebhookEvent } from "./events.ts";

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
  try {
    const webhooks = await deps.db.webhook.findMany({
      where: { organizationId, active: true, ...(onlyWebhookId ? { id: onlyWebhookId } : {}) },
      select: { id: true, events: true },
    });
    const subscribed = webhooks.filter((webhook) => event === "ping" || (webhook.events as string[]).includes(event));
    if (subscribed.length === 0) return 0;
    const now = deps.now();
    const body = { event, createdAt: now.toISOString(), data: payload };
    await deps.db.webhookDelivery.createMany({
      data: subscribed.map((webhook) => ({ organizationId, webhookId: webhook.id, event, payload: body as object, nextAttemptAt: now, createdAt: now })),
    });
    return subscribed.length;
  } catch (error) {
    deps.log.error("webhook enqueue failed", { organizationId, event, error: String(error) });
    return 0;
  }
}

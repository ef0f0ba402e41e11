import type { Deps } from "../deps.ts";
import { maxAttempts, retryDelaysMs } from "./retry-schedule.ts";
import { refusedReceiver } from "../network/outbound-address.ts";
import { signDelivery } from "./signature.ts";

/** How long a claimed delivery is reserved for the node that claimed it; past that another node may retry it. */
const claimLeaseMs = 60_000;
const requestTimeoutMs = 10_000;

/**
 * Sends the deliveries that are due, a batch at a time. Each is claimed first by compare-and-set on `attempts`, so
 * with several nodes polling, one delivery attempt is made by exactly one of them.
 */
export async function dispatchDueDeliveries(deps: Deps, options: { limit?: number } = {}): Promise<number> {
  const now = deps.now();
  const due = await deps.db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: options.limit ?? 20,
    include: { webhook: { select: { url: true, secret: true, active: true } } },
  });
  let attempted = 0;
  for (const delivery of due) {
    const claimed = await deps.db.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending", attempts: delivery.attempts },
      data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + claimLeaseMs) },
    });
    if (claimed.count === 0) continue;
    attempted++;
    const attempt = delivery.attempts + 1;
    const refused = delivery.webhook.active ? await refusedReceiver(delivery.webhook.url, deps.allowPrivateWebhooks === true) : "webhook disabled";
    const outcome = refused ? { ok: false, error: refused } : await send(delivery.webhook, delivery.id, delivery.event, delivery.payload, deps.now());
    // A refused receiver will not become acceptable by retrying.
    const finished = outcome.ok || attempt >= maxAttempts || refused !== null;
    await deps.db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: outcome.ok ? "succeeded" : finished ? "failed" : "pending",
        lastStatusCode: outcome.status ?? null,
        lastError: outcome.ok ? null : (outcome.error ?? `HTTP ${outcome.status}`).slice(0, 500),
        deliveredAt: outcome.ok ? deps.now() : null,
        nextAttemptAt: finished ? null : new Date(deps.now().getTime() + retryDelaysMs[attempt - 1]!),
      },
    });
  }
  return attempted;
}

async function send(
  webhook: { url: string; secret: string },
  deliveryId: string,
  event: string,
  payload: unknown,
  at: Date,
): Promise<{ ok: boolean; status?: number; error?: string }> {
  const body = JSON.stringify(payload);
  try {
    const response = await fetch(webhook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Parley-Webhooks/1",
        "x-parley-event": event,
        "x-parley-delivery": deliveryId,
        "x-parley-signature": signDelivery(webhook.secret, body, at),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, status: response.status };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
  }
}

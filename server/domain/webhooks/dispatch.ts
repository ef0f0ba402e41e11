import type { Deps } from "../deps.ts";
import { maxAttempts, retryDelaysMs } from "./retry-schedule.ts";
import { outboundFetch, refusalOf, type OutboundFetch } from "../network/guarded-fetch.ts";
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
  const post = outboundFetch({
    allowPrivate: deps.allowPrivateWebhooks === true,
    hint: "WEBHOOK_ALLOW_PRIVATE=1",
    ...deps.outboundNetwork,
  });
  for (const delivery of due) {
    const claimed = await deps.db.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending", attempts: delivery.attempts },
      data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + claimLeaseMs) },
    });
    if (claimed.count === 0) continue;
    attempted++;
    const attempt = delivery.attempts + 1;
    const outcome = delivery.webhook.active
      ? await send(post, delivery.webhook, delivery.id, delivery.event, delivery.payload, deps.now())
      : { ok: false, error: "webhook disabled", refused: true };
    // A refused receiver will not become acceptable by retrying.
    const finished = outcome.ok || attempt >= maxAttempts || outcome.refused === true;
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
    deps.metrics?.webhookDelivery(outcome.ok ? "delivered" : outcome.refused ? "refused" : finished ? "failed" : "retrying");
  }
  return attempted;
}

/**
 * One POST through the guarded client: the receiver's address is checked at connect time, the one actually used, and
 * a redirect is not followed (a 3xx is recorded as the answer, so a receiver cannot bounce the delivery inside).
 */
async function send(
  post: OutboundFetch,
  webhook: { url: string; secret: string },
  deliveryId: string,
  event: string,
  payload: unknown,
  at: Date,
): Promise<{ ok: boolean; status?: number; error?: string; refused?: boolean }> {
  const body = JSON.stringify(payload);
  try {
    const response = await post(webhook.url, {
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
    const refused = refusalOf(error);
    if (refused) return { ok: false, error: refused, refused: true };
    return {
      ok: false,
      error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error),
    };
  }
}

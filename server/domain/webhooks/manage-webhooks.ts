import { randomBytes } from "node:crypto";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { enqueueWebhookEvent } from "./enqueue.ts";
import { refusedReceiver } from "../network/outbound-address.ts";
import type { webhookEvents } from "../../contracts/webhooks.ts";

type EventName = (typeof webhookEvents)[number];

function toView(row: { id: string; url: string; events: unknown; active: boolean; createdAt: Date }) {
  return { id: row.id, url: row.url, events: row.events as EventName[], active: row.active, createdAt: row.createdAt.toISOString() };
}

async function audit(deps: Deps, admin: AgentIdentity, action: string, webhookId: string, details?: Record<string, unknown>) {
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action,
    targetType: "webhook",
    targetId: webhookId,
    details,
  });
}

async function assertReceiverAllowed(deps: Deps, url: string) {
  const refused = await refusedReceiver(url, deps.allowPrivateWebhooks === true, "WEBHOOK_ALLOW_PRIVATE=1", deps.outboundNetwork);
  if (refused) throw new AppError("BAD_REQUEST", refused);
}

export async function createWebhook(deps: Deps, admin: AgentIdentity, input: { url: string; events: EventName[] }) {
  await assertReceiverAllowed(deps, input.url);
  const secret = `whsec_${randomBytes(24).toString("base64url")}`;
  const row = await deps.db.webhook.create({
    data: { organizationId: admin.organizationId, url: input.url, events: [...new Set(input.events)], secret, createdAt: deps.now() },
  });
  await audit(deps, admin, "webhook.create", row.id, { url: input.url, events: input.events });
  // The secret is shown once; receivers verify signatures with it.
  return { ...toView(row), secret };
}

export async function listWebhooks(deps: Deps, organizationId: string) {
  const rows = await deps.db.webhook.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

export async function updateWebhook(
  deps: Deps,
  admin: AgentIdentity,
  input: { id: string; url?: string; events?: EventName[]; active?: boolean },
) {
  const { id, ...changes } = input;
  if (changes.url) await assertReceiverAllowed(deps, changes.url);
  const updated = await deps.db.webhook.updateMany({
    where: { id, organizationId: admin.organizationId },
    data: { ...changes, ...(changes.events ? { events: [...new Set(changes.events)] } : {}) },
  });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "webhook not found");
  await audit(deps, admin, "webhook.update", id, changes);
}

export async function deleteWebhook(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const deleted = await deps.db.webhook.deleteMany({ where: { id: input.id, organizationId: admin.organizationId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "webhook not found");
  await audit(deps, admin, "webhook.delete", input.id);
}

/** Queues a `ping` to this one webhook; it shows up in the delivery log like any other delivery. */
export async function sendTestDelivery(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const webhook = await deps.db.webhook.findFirst({ where: { id: input.id, organizationId: admin.organizationId } });
  if (!webhook) throw new AppError("NOT_FOUND", "webhook not found");
  await enqueueWebhookEvent(deps, admin.organizationId, "ping", { webhookId: webhook.id, message: "Parley test delivery" }, webhook.id);
}

export async function listDeliveries(deps: Deps, organizationId: string, input: { webhookId: string; limit: number }) {
  const rows = await deps.db.webhookDelivery.findMany({
    where: { organizationId, webhookId: input.webhookId },
    orderBy: { createdAt: "desc" },
    take: input.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}

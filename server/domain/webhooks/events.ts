/** The events a webhook can subscribe to; `ping` is what "send test" delivers. */
export const webhookEvents = ["conversation.created", "message.created", "conversation.assigned", "conversation.resolved"] as const;
export type WebhookEvent = (typeof webhookEvents)[number] | "ping";

/** Wait before attempt n+1 after n failed attempts; after the last, the delivery is marked failed. */
export const retryDelaysMs = [10_000, 30_000, 120_000, 600_000, 3_600_000] as const;
export const maxAttempts = retryDelaysMs.length + 1;

/** The events a webhook can subscribe to; `ping` is what "send test" delivers. */
export const webhookEvents = ["conversation.created", "message.created", "conversation.assigned", "conversation.resolved"] as const;
export type WebhookEvent = (typeof webhookEvents)[number] | "ping";

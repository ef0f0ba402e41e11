import { z } from "./zod.ts";
import type { ConversationState } from "./conversation-states.ts";
import { limits } from "./limits.ts";

export { conversationStates, type ConversationState } from "./conversation-states.ts";

/** Shapes that travel to browsers and apps. Imports only zod, so clients can use it too. */
export const senderKinds = ["visitor", "agent", "bot", "system"] as const;
export const messageTypes = ["text", "image", "file", "voice", "note", "event", "attachment"] as const;

export type SenderKind = (typeof senderKinds)[number];
export type MessageType = (typeof messageTypes)[number];

/** A client-made message id: a ULID, or any URL-safe token of reasonable length. */
export const clientMsgIdSchema = z
  .string()
  .min(8, "clientMsgId must be at least 8 characters")
  .max(limits.clientMsgId)
  .regex(/^[A-Za-z0-9_-]+$/, "clientMsgId may contain only letters, digits, '-' and '_'");

export const messageBodySchema = z
  .string()
  .max(limits.messageBody, `message is longer than ${limits.messageBody} characters`)
  .refine((body) => body.trim().length > 0, "message is empty");

/** A message as a visitor sees it: no internal ids beyond what the thread needs, never a note. */
export const visitorMessageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  clientMsgId: z.string(),
  senderKind: z.enum(senderKinds),
  type: z.enum(messageTypes),
  body: z.string(),
  createdAt: z.string(),
  /** The agent's display name on their messages and on the line saying they joined (absent otherwise). */
  authorName: z.string().optional(),
});
export type VisitorMessage = z.infer<typeof visitorMessageSchema>;

export type AgentMessage = VisitorMessage & { conversationId: string; senderId: string | null };

/** The ack a sender gets once the message is committed. `duplicate` is true for a retried clientMsgId. */
export const sendAckSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  duplicate: z.boolean(),
});
export type SendAck = z.infer<typeof sendAckSchema>;

/** A row of the agent's conversation list; also the payload of inbox events. */
export type ConversationSummary = {
  id: string;
  siteId: string;
  visitorId: string;
  visitorName: string | null;
  state: ConversationState;
  assigneeId: string | null;
  version: number;
  lastSeq: number;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  createdAt: string;
  /** The highest seq an agent has read: the row's unread count is lastSeq - agentReadSeq. */
  agentReadSeq: number;
  visitorReadSeq: number;
  /** Null until an agent first replies: the inbox shows how long the visitor has been waiting. */
  firstResponseAt: string | null;
  snoozedUntil: string | null;
  /** Null when routing picked no team: every agent may see it. */
  teamId: string | null;
  labelIds: string[];
  /** ISO 3166 alpha-2 from the visitor's IP, for the row's flag. */
  country: string | null;
};

/** Events on an organization's inbox topic: the latest summary of one conversation, and why it changed. */
export type InboxEvent = {
  kind: "conversation";
  /** `visitor`: the visitor's context changed (a page view), so an open visitor panel reloads it. */
  reason: "created" | "message" | "state" | "labels" | "visitor";
  conversation: ConversationSummary;
};

import { z } from "./zod.ts";
import { limits } from "./limits.ts";
import type { QueueStatus } from "./queue.ts";

/**
 * Ephemeral conversation signals: typing, the visitor's live draft, read marks. Not messages (no seq, not stored
 * in the thread), so they travel on their own topic and a missed one is simply superseded by the next.
 */
export type ConversationSignal =
  | { kind: "typing"; conversationId: string; from: "visitor" | "agent"; agentId: string | null; typing: boolean }
  /** The visitor's unsent text, for agents only ("draft preview"); an empty body means the draft was cleared. */
  | { kind: "draft"; conversationId: string; body: string }
  /** Everything up to and including `seq` has been read by that side. */
  | { kind: "read"; conversationId: string; by: "visitor" | "agent"; seq: number }
  /**
   * The bot's reply as it streams: `text` is the whole reply so far (a missed signal is made up by the next one).
   * The final text arrives once as a message whose clientMsgId is `replyId`; `done` with no message means dropped.
   */
  | { kind: "botPartial"; conversationId: string; replyId: string; text: string; done: boolean }
  /** Visitor side only, made by the visitor's node (never on the bus): their place in line, null when not queued. */
  | { kind: "queue"; conversationId: string; status: QueueStatus | null }
  /**
   * Visitor side only, made by the visitor's node: whether any agent is online now (sent first, then on each change).
   * `conversationId` is null on the stream of a visitor who has not written yet.
   */
  | { kind: "availability"; conversationId: string | null; online: boolean };

export const draftBodySchema = z.string().max(limits.messageBody);
export const readSeqSchema = z.number().int().min(0).max(2_000_000_000);

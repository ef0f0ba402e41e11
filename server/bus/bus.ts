/**
 * The bus carries events between processes: Redis pub/sub in production, an in-process emitter in the embedded
 * default. Events are plain JSON values; delivery is at-most-once (the database is the source of truth and
 * subscribers backfill from it), so nothing here retries or persists.
 */
export type BusHandler = (event: unknown) => void;

/**
 * Every event a subscriber receives carries, under this symbol (not enumerable, so invisible to JSON and to
 * equality in tests), the JSON text it travelled as. All local subscribers of a topic share the one parsed event, so
 * whoever writes it to a socket can reuse those bytes instead of encoding it again per subscriber
 * (server/realtime/frame-encoder.ts). Events from the bus are therefore read-only: a subscriber that wants a changed
 * copy makes a new object (which has no such text).
 */
export const encodedJson = Symbol("parley.bus.encodedJson");

/** The JSON text an event arrived as, if it came from the bus unchanged. */
export function encodedJsonOf(event: unknown): string | undefined {
  return typeof event === "object" && event !== null ? (event as { [encodedJson]?: string })[encodedJson] : undefined;
}

/** Parses an event off the bus once for all local subscribers, remembering its text (see encodedJson). */
export function decodeEvent(payload: string): unknown {
  const event: unknown = JSON.parse(payload);
  if (typeof event === "object" && event !== null) Object.defineProperty(event, encodedJson, { value: payload });
  return event;
}

export type SubscribeOptions = {
  /**
   * Called when the subscription is live again after the transport was lost (Redis restarted, network cut): events
   * published meanwhile are gone, so the subscriber re-reads what it needs from the database.
   */
  onResume?: () => void;
};

/** Where a message event goes in its conversation's replay window (see Bus.publishToWindow). */
export type WindowSlot = { key: string; seq: number };

/**
 * What a replay window holds after a seq: `events` in seq order as stored, and the lowest and highest seq the window
 * holds at all. The reader decides whether that covers what it needs (server/realtime/thread-stream.ts).
 */
export type WindowRead = { events: unknown[]; firstSeq: number; lastSeq: number };

/** The hot window: the last messages of each active conversation, bounded and expiring, for replay on reconnect. */
export const windowSize = 200;
export const windowTtlSeconds = 3_600;

export interface Bus {
  /** Publishes to every subscriber of `topic` on every node. Resolves once handed to the transport. */
  publish(topic: string, event: unknown): Promise<void>;
  /**
   * Calls `handler` for each event on `topic` until `signal` aborts. Resolves once the subscription is live
   * (for Redis: SUBSCRIBE acknowledged), so a caller may backfill from the database right after without a gap.
   */
  subscribe(topic: string, handler: BusHandler, signal: AbortSignal, options?: SubscribeOptions): Promise<void>;
  /**
   * Publishes like publish() and, in the same step, keeps the event in the bounded window `slot.key` under its seq,
   * so a subscriber can replay what it missed without the database.
   */
  publishToWindow(topic: string, slot: WindowSlot, event: unknown): Promise<void>;
  /**
   * The window's events after `afterSeq`; null when the window cannot be trusted: missing, expired, or written before
   * the store last restarted or was flushed (detected by a marker in the window, never assumed).
   */
  readWindow(key: string, afterSeq: number): Promise<WindowRead | null>;
  /** Throws when the transport is unreachable; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

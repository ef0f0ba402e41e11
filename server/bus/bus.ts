/**
 * The bus carries events between processes: Redis pub/sub in production, an in-process emitter in the embedded
 * default. Events are plain JSON values; delivery is at-most-once (the database is the source of truth and
 * subscribers backfill from it), so nothing here retries or persists.
 */
export type BusHandler = (event: unknown) => void;

export type SubscribeOptions = {
  /**
   * Called when the subscription is live again after the transport was lost (Redis restarted, network cut): events
   * published meanwhile are gone, so the subscriber re-reads what it needs from the database.
   */
  onResume?: () => void;
};

export interface Bus {
  /** Publishes to every subscriber of `topic` on every node. Resolves once handed to the transport. */
  publish(topic: string, event: unknown): Promise<void>;
  /**
   * Calls `handler` for each event on `topic` until `signal` aborts. Resolves once the subscription is live
   * (for Redis: SUBSCRIBE acknowledged), so a caller may backfill from the database right after without a gap.
   */
  subscribe(topic: string, handler: BusHandler, signal: AbortSignal, options?: SubscribeOptions): Promise<void>;
  /** Throws when the transport is unreachable; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

import type { Bus } from "../bus/bus.ts";

/**
 * A bus subscription turned into a pull queue, so an async generator can buffer live events while it backfills
 * from the database and then drain them in order.
 */
export class BusQueue<T> {
  private buffered: T[] = [];
  private wake: (() => void) | null = null;

  private constructor(private readonly signal: AbortSignal) {
    signal.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  /** Resolves once the subscription is live: anything published after this point is buffered. */
  static async open<T>(bus: Bus, topic: string, signal: AbortSignal): Promise<BusQueue<T>> {
    const queue = new BusQueue<T>(signal);
    await bus.subscribe(topic, (event) => queue.push(event as T), signal);
    return queue;
  }

  private push(event: T) {
    this.buffered.push(event);
    this.wake?.();
  }

  /** Everything buffered so far, waiting for at least one event; an empty array once the signal aborts. */
  async take(): Promise<T[]> {
    while (this.buffered.length === 0 && !this.signal.aborted) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    const events = this.buffered;
    this.buffered = [];
    return this.signal.aborted ? [] : events;
  }
}

import type { Bus } from "../bus/bus.ts";

/**
 * A bus subscription turned into a pull queue, so an async generator can buffer live events while it backfills
 * from the database and then drain them in order.
 */
export class BusQueue<T> {
  private buffered: T[] = [];
  private resumed = false;
  private wake: (() => void) | null = null;

  private constructor(private readonly signal: AbortSignal) {
    signal.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  /** Resolves once the subscription is live: anything published after this point is buffered. */
  static async open<T>(bus: Bus, topic: string, signal: AbortSignal): Promise<BusQueue<T>> {
    const queue = new BusQueue<T>(signal);
    await bus.subscribe(topic, (event) => queue.add(event as T), signal, {
      onResume: () => {
        queue.resumed = true;
        queue.wake?.();
      },
    });
    return queue;
  }

  /** A queue fed only by add(): for a stream whose events this node makes itself. */
  static local<T>(signal: AbortSignal): BusQueue<T> {
    return new BusQueue<T>(signal);
  }

  /** Queues an event as if it came from the bus: for events this node makes itself for the same reader. */
  add(event: T) {
    this.buffered.push(event);
    this.wake?.();
  }

  /** Everything buffered so far, waiting for at least one event; an empty array once the signal aborts. */
  async take(): Promise<T[]> {
    return (await this.next()).events;
  }

  /**
   * Like take(), but also wakes when the bus came back from an outage: `resumed` says events may have been lost
   * meanwhile, so a caller that can re-read the database does. With `timeoutMs`, it also returns (with no events)
   * when nothing came that long.
   */
  async next(timeoutMs?: number): Promise<{ events: T[]; resumed: boolean }> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    if (timeoutMs !== undefined && this.buffered.length === 0 && !this.resumed) {
      timer = setTimeout(() => {
        timedOut = true;
        this.wake?.();
      }, timeoutMs);
    }
    while (this.buffered.length === 0 && !this.resumed && !this.signal.aborted && !timedOut) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    clearTimeout(timer);
    const events = this.buffered;
    const resumed = this.resumed;
    this.buffered = [];
    this.resumed = false;
    return this.signal.aborted ? { events: [], resumed: false } : { events, resumed };
  }
}

import { EventEmitter } from "node:events";
import { processLog } from "../log.ts";
import { decodeEvent, type Bus, type BusHandler } from "./bus.ts";
import { createMemoryWindows } from "./memory-window.ts";

/**
 * The embedded default: one process, no Redis. It behaves like the Redis bus where callers could notice —
 * delivery is asynchronous, events travel as JSON, a subscriber only sees events published after it
 * subscribed and none after it aborted — so code tested on it holds on Redis.
 */
export function createMemoryBus(opts: { onError?: (err: Error) => void } = {}): Bus {
  const onError = opts.onError ?? ((err: Error) => processLog.error("bus: subscriber failed", { error: String(err) }));
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const windows = createMemoryWindows();

  return {
    async publish(topic, event) {
      // Serialised once, parsed once: subscribers share a copy, never the publisher's object.
      emitter.emit(topic, decodeEvent(encodeEvent(event)));
    },

    async publishToWindow(topic, slot, event) {
      const payload = encodeEvent(event);
      // Kept as JSON, like Redis keeps it: every replay parses its own copy.
      windows.append(slot.key, slot.seq, payload);
      emitter.emit(topic, decodeEvent(payload));
    },

    async readWindow(key, afterSeq) {
      const read = windows.read(key, afterSeq);
      return read && { ...read, events: read.events.map((payload) => JSON.parse(payload as string)) };
    },

    async subscribe(topic, handler, signal) {
      if (signal.aborted) return;
      // emit() is synchronous, so the set of receivers is fixed at publish time; the microtask queue is FIFO,
      // so per-topic publish order holds.
      const listener = (event: unknown) =>
        queueMicrotask(() => {
          if (!signal.aborted) deliver(handler, event, onError);
        });
      emitter.on(topic, listener);
      signal.addEventListener("abort", () => emitter.off(topic, listener), { once: true });
    },

    async ping() {},

    async close() {
      emitter.removeAllListeners();
      windows.clear();
    },
  };
}

/** Rejects what Redis could not carry either (`undefined`, functions, cycles, BigInt). */
export function encodeEvent(event: unknown): string {
  const payload = JSON.stringify(event);
  if (payload === undefined) throw new TypeError("bus events must be JSON values");
  return payload;
}

/** One subscriber's failure must not keep the event from the others. */
export function deliver(handler: BusHandler, event: unknown, onError: (err: Error) => void): void {
  try {
    handler(event);
  } catch (err) {
    onError(err instanceof Error ? err : new Error(String(err)));
  }
}

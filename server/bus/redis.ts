import { Redis, type RedisOptions } from "ioredis";
import { processLog } from "../log.ts";
import { decodeEvent, type Bus, type BusHandler, type SubscribeOptions } from "./bus.ts";
import { deliver, encodeEvent } from "./memory.ts";
import { createRedisWindows } from "./redis-window.ts";

const PING_TIMEOUT_MS = 1_000;
const QUIT_TIMEOUT_MS = 1_000;
const PUBLISH_TIMEOUT_MS = 2_000;

const connectionOptions: RedisOptions = {
  // While Redis is down, retry every second at most and fail queued commands after two attempts, so
  // SUBSCRIBE and PUBLISH reject within about two seconds instead of queueing for ioredis' default 20 tries
  // with backoff up to 5 s. Publishing late is worthless: callers have persisted, subscribers backfill.
  retryStrategy: (attempt) => Math.min(attempt * 200, 1_000),
  maxRetriesPerRequest: 1,
  // The default, stated because the bus depends on it: after a reconnect ioredis subscribes every channel again
  // (what was published meanwhile is lost, as with any at-most-once delivery).
  autoResubscribe: true,
};

/** The local subscribers of one topic, sharing one Redis SUBSCRIBE. */
interface Channel {
  /** Each local subscriber, with what to call when the subscription resumes after an outage. */
  handlers: Map<BusHandler, SubscribeOptions["onResume"]>;
  /** Settles when Redis acknowledged the SUBSCRIBE. */
  live: Promise<unknown>;
}

/**
 * Redis pub/sub for running several nodes. One connection publishes, one subscribes; however many local
 * subscribers a topic has, Redis sees one SUBSCRIBE, and each message is parsed once for all of them.
 */
export function createRedisBus(opts: { url: string; keyPrefix: string; onError?: (err: Error) => void }): Bus {
  const onError = opts.onError ?? ((err: Error) => processLog.error("bus error", { error: String(err) }));
  // The timeout also bounds a publish to a Redis that accepts connections but does not answer.
  const publisher = new Redis(opts.url, {
    ...connectionOptions,
    commandTimeout: PUBLISH_TIMEOUT_MS,
    connectionName: "parley-bus-pub",
    // A batch's publishes, issued in the same tick, go to Redis as one write.
    enableAutoPipelining: true,
  });
  const subscriber = new Redis(opts.url, { ...connectionOptions, connectionName: "parley-bus-sub" });
  reportOutages(publisher, onError);
  reportOutages(subscriber, onError);
  const windows = createRedisWindows(publisher, opts.keyPrefix, onError);

  /** Keyed by Redis channel name, i.e. key prefix + topic. */
  const channels = new Map<string, Channel>();

  subscriber.on("message", (name: string, payload: string) => {
    const channel = channels.get(name);
    if (!channel) return; // a message already in flight when the last subscriber left
    let event: unknown;
    try {
      event = decodeEvent(payload);
    } catch (err) {
      onError(new Error(`bus: unreadable message on ${name}`, { cause: err }));
      return;
    }
    for (const handler of channel.handlers.keys()) deliver(handler, event, onError);
  });

  // After an outage ioredis subscribes again by itself; once Redis acknowledged each channel, its subscribers hear
  // that they may have missed events, and catch up from the database.
  let subscriberWasDown = false;
  subscriber.on("close", () => (subscriberWasDown = true));
  subscriber.on("ready", () => {
    if (!subscriberWasDown) return;
    subscriberWasDown = false;
    for (const [name, channel] of channels) {
      subscriber.subscribe(name).then(
        () => {
          for (const onResume of channel.handlers.values()) if (onResume) deliver(onResume, undefined, onError);
        },
        (err: Error) => onError(err),
      );
    }
  });

  /** Drops one handler; the last one out unsubscribes. Redis runs SUBSCRIBE/UNSUBSCRIBE in the order sent. */
  function leave(name: string, channel: Channel, handler: BusHandler) {
    channel.handlers.delete(handler);
    if (channel.handlers.size > 0 || channels.get(name) !== channel) return;
    channels.delete(name);
    subscriber.unsubscribe(name).catch(onError);
  }

  let closing: Promise<void> | undefined;

  return {
    async publish(topic, event) {
      await publisher.publish(opts.keyPrefix + topic, encodeEvent(event));
    },

    async publishToWindow(topic, slot, event) {
      await windows.publish(opts.keyPrefix + topic, slot, encodeEvent(event));
    },

    readWindow(key, afterSeq) {
      return windows.read(key, afterSeq);
    },

    async subscribe(topic, handler, signal, options) {
      if (signal.aborted) return;
      const name = opts.keyPrefix + topic;
      let channel = channels.get(name);
      if (!channel) {
        channel = { handlers: new Map(), live: subscriber.subscribe(name) };
        channels.set(name, channel);
      }
      const joined = channel;
      joined.handlers.set(handler, options?.onResume);
      const abort = () => leave(name, joined, handler);
      signal.addEventListener("abort", abort, { once: true });
      try {
        await joined.live;
      } catch (err) {
        signal.removeEventListener("abort", abort);
        abort();
        throw err;
      }
    },

    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("bus: Redis did not answer PING in time")), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([publisher.ping(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    close() {
      closing ??= Promise.all([quit(publisher), quit(subscriber)]).then(() => {
        channels.clear();
      });
      return closing;
    },
  };
}

/** One report per outage rather than one per reconnect attempt (ioredis would print them itself otherwise). */
function reportOutages(connection: Redis, onError: (err: Error) => void): void {
  let down = false;
  connection.on("error", (err: Error) => {
    if (!down) onError(err);
    down = true;
  });
  connection.on("ready", () => {
    down = false;
  });
}

/** QUIT lets pending replies arrive; when Redis is unreachable it would wait on the offline queue, so cut it off. */
async function quit(connection: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
  });
  try {
    await Promise.race([connection.quit(), timeout]);
  } catch {
    // Already closed, or Redis unreachable: disconnecting below is all that is left to do.
  } finally {
    clearTimeout(timer);
    if (connection.status !== "end") connection.disconnect();
  }
}

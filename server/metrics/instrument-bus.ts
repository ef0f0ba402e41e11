import type { Bus } from "../bus/bus.ts";
import { topics } from "../bus/topics.ts";
import type { Logger } from "../domain/deps.ts";
import type { PrometheusMetrics } from "./prometheus.ts";

const probeEveryMs = 5_000;

/**
 * Observes the bus from outside, so the bus stays free of metrics: publishes are timed by a wrapper, and a probe
 * this node publishes to itself every few seconds measures what a subscriber waits for an event (Redis round trip
 * plus this process's queue) and counts the subscription coming back after Redis was lost.
 */
export function instrumentBus(bus: Bus, metrics: PrometheusMetrics, node: string, log: Logger): { bus: Bus; stop(): void } {
  const timed = async (work: Promise<void>) => {
    const started = performance.now();
    await work;
    metrics.busPublished((performance.now() - started) / 1000);
  };
  const instrumented: Bus = {
    ...bus,
    publish: (topic, event) => timed(bus.publish(topic, event)),
    publishToWindow: (topic, slot, event) => timed(bus.publishToWindow(topic, slot, event)),
    subscribe: (topic, handler, signal, options) => bus.subscribe(topic, handler, signal, options),
    readWindow: (key, afterSeq) => bus.readWindow(key, afterSeq),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };

  const stopped = new AbortController();
  const probeTopic = topics.metricsProbe(node);
  const onProbe = (event: unknown) => {
    const sentAt = (event as { sentAt?: unknown } | null)?.sentAt;
    if (typeof sentAt === "number") metrics.busLag(Math.max(0, Date.now() - sentAt) / 1000);
  };
  let subscribed = false;
  let subscribing = false;
  const subscribe = () => {
    subscribing = true;
    bus.subscribe(probeTopic, onProbe, stopped.signal, { onResume: () => metrics.redisReconnected() }).then(
      () => {
        subscribing = false;
        subscribed = true;
        probe();
      },
      (error: unknown) => {
        subscribing = false;
        log.warn("bus probe could not subscribe; trying again", { error: String(error) });
      },
    );
  };
  // Until the probe's subscription is live (Redis down at start), each tick tries it again instead of publishing.
  const probe = () => {
    if (stopped.signal.aborted || subscribing) return;
    if (!subscribed) return subscribe();
    void instrumented.publish(probeTopic, { sentAt: Date.now() }).catch(() => undefined);
  };
  probe();
  const timer = setInterval(probe, probeEveryMs);
  timer.unref();
  return {
    bus: instrumented,
    stop() {
      clearInterval(timer);
      stopped.abort();
    },
  };
}

import { hostname } from "node:os";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { ulid } from "ulid";
import type { Bus } from "../bus/bus.ts";
import { topics } from "../bus/topics.ts";
import type { Logger } from "../domain/deps.ts";
import type { NodeEvent, NodeInfo, NodeRegistry } from "../nodes/node-registry.ts";

export type AnnounceOptions = {
  /** Between refreshes of this node's entry. */
  everyMs: number;
  /** How long an entry outlives its last refresh: a killed node is gone from the registry this long after. */
  ttlMs: number;
};

/** Refreshed every 5 s with a 15 s TTL: two refreshes may fail (a Redis blip) before the node looks dead. */
export const announceDefaults: AnnounceOptions = { everyMs: 5_000, ttlMs: 15_000 };

/**
 * Announces this process in the registry at once and tells the cluster on the bus's `nodes` topic (so peers and the
 * system page list it within milliseconds of it becoming ready, not on their next refresh), then refreshes its entry
 * every `everyMs` with its connection count and load. `stop()` withdraws it and says so on the bus, for a graceful
 * shutdown; a killed node drops out when its entry's TTL ends.
 */
export function announceNode(
  registry: NodeRegistry,
  self: { port: number; connections: () => number },
  log: Logger,
  options: AnnounceOptions = announceDefaults,
  bus?: Pick<Bus, "publish">,
) {
  const id = ulid();
  const startedAt = new Date().toISOString();
  // The first announcement covers the process's life so far; later ones the time since the previous one.
  let lastLoop: EventLoopUtilization | undefined;
  const describeSelf = (): NodeInfo => {
    const loop = lastLoop ? performance.eventLoopUtilization(lastLoop) : performance.eventLoopUtilization();
    lastLoop = performance.eventLoopUtilization();
    return {
      id,
      pid: process.pid,
      address: `${hostname()}:${self.port}`,
      startedAt,
      announcedAt: new Date().toISOString(),
      connections: self.connections(),
      eventLoopUtilization: Math.round(loop.utilization * 1000) / 1000,
      rssBytes: process.memoryUsage.rss(),
    };
  };
  const tell = (event: NodeEvent) =>
    bus
      ?.publish(topics.nodes(), event)
      .catch((error: unknown) => log.warn("telling the cluster about this node failed", { error: String(error) }));
  const announce = async (first: boolean) => {
    const node = describeSelf();
    try {
      await registry.announce(node, options.ttlMs);
      // Written first, told second: a peer that re-reads the registry on hearing it finds the entry.
      if (first) await tell({ type: "up", node });
    } catch (error) {
      log.warn("announcing this node failed", { error: String(error) });
    }
  };
  const announced = announce(true);
  const timer = setInterval(() => void announce(false), options.everyMs);
  timer.unref();
  return {
    id,
    /** Settles once the first announcement was written and told (or failed and was logged). */
    announced,
    async stop() {
      clearInterval(timer);
      await registry.withdraw(id).catch(() => {
        // Its TTL removes it anyway.
      });
      await tell({ type: "down", id });
    },
  };
}

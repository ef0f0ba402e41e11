import { hostname } from "node:os";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { ulid } from "ulid";
import type { Logger } from "../domain/deps.ts";
import type { NodeInfo, NodeRegistry } from "../domain/nodes/node-registry.ts";

export type AnnounceOptions = {
  /** Between refreshes of this node's entry. */
  everyMs: number;
  /** How long an entry outlives its last refresh: a killed node is gone from the registry this long after. */
  ttlMs: number;
};

/** Refreshed every 5 s with a 15 s TTL: two refreshes may fail (a Redis blip) before the node looks dead. */
export const announceDefaults: AnnounceOptions = { everyMs: 5_000, ttlMs: 15_000 };

/**
 * Announces this process in the registry at once (so it is listed within a second of listening) and then every
 * `everyMs`, with its connection count and load. `stop()` withdraws it, for a graceful shutdown.
 */
export function announceNode(
  registry: NodeRegistry,
  self: { port: number; connections: () => number },
  log: Logger,
  options: AnnounceOptions = announceDefaults,
) {
  const id = ulid();
  const startedAt = new Date().toISOString();
  // The first announcement covers the process's life so far; later ones the time since the previous one.
  let lastLoop: EventLoopUtilization | undefined;
  const describe = (): NodeInfo => {
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
  const announce = () =>
    registry.announce(describe(), options.ttlMs).catch((error: unknown) => log.warn("announcing this node failed", { error: String(error) }));
  const announced = announce();
  const timer = setInterval(announce, options.everyMs);
  timer.unref();
  return {
    id,
    /** Settles once the first announcement was written (or failed and was logged). */
    announced,
    async stop() {
      clearInterval(timer);
      await registry.withdraw(id).catch(() => {
        // Its TTL removes it anyway.
      });
    },
  };
}

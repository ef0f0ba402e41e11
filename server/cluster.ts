import cluster from "node:cluster";
import type { Config } from "./config.ts";
import type { Logger } from "./domain/deps.ts";
import { serveClusterMetrics } from "./metrics/serve.ts";

/**
 * The primary of `WORKERS=N`: forks N serving processes that share the port (the kernel spreads connections), replaces
 * one that dies, and on SIGTERM/SIGINT passes the signal on and exits when all have drained.
 */
export function superviseWorkers(config: Config, log: Logger): void {
  let stopping = false;
  const metrics = serveClusterMetrics(config, log);
  const fork = () => cluster.fork();
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        metrics?.close();
        process.exit(0);
      }
      return;
    }
    log.error("worker died; starting another", { worker: worker.process.pid, code, signal });
    setTimeout(fork, 500);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping workers", { signal });
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

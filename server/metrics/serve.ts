import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { Config } from "../config.ts";
import type { Deps } from "../domain/deps.ts";
import { poolStats } from "../store/db.ts";
import { instrumentBus } from "./instrument-bus.ts";
import { createPrometheusMetrics } from "./prometheus.ts";

export const metricsPath = "/metrics";

/** This process in the `node` label: the host (the pod's name under Kubernetes) and the pid (several per host with WORKERS). */
export function nodeLabel(): string {
  return `${hostname()}/${process.pid}`;
}

/**
 * Turns metrics on for a serving process when METRICS_PORT or METRICS_TOKEN is set: gives Deps the metrics port and
 * a bus observed by it, and serves the registry on METRICS_PORT (the primary aggregates its workers' registries
 * there when WORKERS > 1) and/or at /metrics on the main port behind the bearer token.
 */
export function enableMetrics(
  deps: Deps,
  config: Config,
): { handle: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>; stop(): Promise<void> } {
  if (config.metricsPort === undefined && config.metricsToken === undefined) return { handle: async () => false, stop: async () => {} };
  const node = nodeLabel();
  const metrics = createPrometheusMetrics({ node, poolStats: () => poolStats(deps.db) });
  const observed = instrumentBus(deps.bus, metrics, node, deps.log);
  deps.metrics = metrics;
  deps.bus = observed.bus;
  let server: Server | undefined;
  if (cluster.isWorker) answerPrimary(metrics.registry);
  else if (config.metricsPort !== undefined) server = serveMetrics(metrics.registry, config, deps);
  return {
    async handle(req, res) {
      if (config.metricsToken === undefined || req.url?.split("?")[0] !== metricsPath) return false;
      if (!bearerMatches(req, config.metricsToken)) {
        res
          .writeHead(401, { "www-authenticate": 'Bearer realm="metrics"', "content-type": "text/plain" })
          .end("metrics need Authorization: Bearer <METRICS_TOKEN>\n");
        return true;
      }
      await answer(res, metrics.registry);
      return true;
    },
    async stop() {
      observed.stop();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    },
  };
}

/** The primary of WORKERS=N: one METRICS_PORT for the machine, answering with every worker's series (each its `node`). */
export function serveClusterMetrics(config: Config, log: Deps["log"]): Server | undefined {
  if (config.metricsPort === undefined) return undefined;
  const aggregator = new AggregatorRegistry();
  return listen(config, log, async (res) => {
    const text = await aggregator.clusterMetrics();
    res.writeHead(200, { "content-type": aggregator.contentType }).end(text);
  });
}

/**
 * A worker of WORKERS=N answers the primary's requests for its series over IPC. prom-client installs that listener
 * when an AggregatorRegistry is made, in the worker too, so one is made here and then pointed at this registry.
 */
function answerPrimary(registry: Registry): void {
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

function serveMetrics(registry: Registry, config: Config, deps: Deps): Server {
  return listen(config, deps.log, (res) => answer(res, registry));
}

function listen(config: Config, log: Deps["log"], write: (res: ServerResponse) => Promise<void>): Server {
  const server = createServer((req, res) => {
    if (req.url?.split("?")[0] !== metricsPath) return void res.writeHead(404).end();
    write(res).catch((error: unknown) => {
      log.error("metrics scrape failed", { error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Metrics are worth less than serving: a taken port is logged loudly, not fatal.
  server.on("error", (error) => log.error("metrics listener failed", { port: config.metricsPort, error: error.message }));
  server.listen(config.metricsPort, config.host);
  return server;
}

async function answer(res: ServerResponse, registry: Registry): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(text);
}

function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization?.replace(/^Bearer\s+/i, "") ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

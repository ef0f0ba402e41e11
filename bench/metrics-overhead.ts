// What metrics cost per message: the observations one message causes on its node (commit, batch, publish, one live
// delivery per watcher, replay), timed against the same loop with metrics off; plus the cost of one scrape.
// Writes bench/results/metrics-overhead.{json,md}. BENCH_METRICS_MESSAGES and BENCH_METRICS_WATCHERS scale it.
import { mkdirSync, writeFileSync } from "node:fs";
import type { Metrics } from "../server/metrics/port.ts";
import { createPrometheusMetrics, type PrometheusMetrics } from "../server/metrics/prometheus.ts";

const messages = Number(process.env.BENCH_METRICS_MESSAGES ?? 200_000);
const watchers = Number(process.env.BENCH_METRICS_WATCHERS ?? 2);

/** The calls the send path makes for one message, as server/domain and server/realtime make them. */
function oneMessage(metrics: Metrics | undefined, prom: PrometheusMetrics | undefined, now: number) {
  metrics?.batchCommitted(1, now, [now - 2]);
  prom?.busPublished(0.0004);
  for (let i = 0; i < watchers; i++) metrics?.messageDelivered(now - 3);
}

function run(metrics: Metrics | undefined, prom: PrometheusMetrics | undefined): number {
  const started = process.cpuUsage();
  const now = Date.now();
  for (let i = 0; i < messages; i++) oneMessage(metrics, prom, now);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / messages;
}

const prom = createPrometheusMetrics({ node: "bench/1", defaultMetrics: true });
// Warm up both paths, then measure each three times and keep the best (least disturbed by the other helpers' load).
run(undefined, undefined);
run(prom, prom);
const off = Math.min(...[0, 1, 2].map(() => run(undefined, undefined)));
const on = Math.min(...[0, 1, 2].map(() => run(prom, prom)));
const scrapes: number[] = [];
let bytes = 0;
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  bytes = (await prom.registry.metrics()).length;
  scrapes.push(performance.now() - started);
}
scrapes.sort((a, b) => a - b);
const result = {
  messages,
  watchersPerMessage: watchers,
  cpuMicrosPerMessage: { metricsOff: off, metricsOn: on, added: on - off },
  scrape: { medianMs: scrapes[10], bytes },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/metrics-overhead.json", `${JSON.stringify(result, null, 2)}\n`);
const md = [
  "# Metrics overhead",
  "",
  `Per message (${watchers} live watchers), CPU µs: off ${off.toFixed(3)}, on ${on.toFixed(3)}, added ${(on - off).toFixed(3)}.`,
  `One scrape: ${scrapes[10]!.toFixed(2)} ms median for ${bytes} bytes.`,
  "",
].join("\n");
writeFileSync("bench/results/metrics-overhead.md", md);
console.log(md);

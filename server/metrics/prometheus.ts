import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { handoffReasons } from "../contracts/thread-events.ts";
import type { ClosableSocket, Metrics, SocketKind } from "./port.ts";

/** Pool figures of the MySQL driver (absent on SQLite, which has no pool). */
export type PoolStats = { active: number; idle: number; waiting: number };

export type PrometheusMetrics = Metrics & {
  registry: Registry;
  /** Bus publishes (and publishes into the hot window), timed by server/metrics/instrument-bus.ts. */
  busPublished(seconds: number): void;
  /** Publish-to-handler delay of the bus probe (server/metrics/instrument-bus.ts). */
  busLag(seconds: number): void;
  redisReconnected(): void;
  stop(): void;
};

/** Latency buckets from 0.5 ms to 10 s: a local commit is ~1–5 ms, a cross-node delivery tens of ms. */
const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const batchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 500];

/**
 * Every metric Parley exports, in one registry per process, each series labelled with `node` (this process).
 * Names follow Prometheus conventions: `_total` counters, `_seconds` histograms; `deploy/grafana/parley.json` reads
 * them and tests/integration/metrics.test.ts checks it reads nothing that is not here.
 */
export function createPrometheusMetrics(options: {
  node: string;
  /** The database pool's figures, read at scrape time. */
  poolStats?: () => PoolStats | null;
  /** Turns off the process metrics' timers (tests make several registries in one process). */
  defaultMetrics?: boolean;
}): PrometheusMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: options.node });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];

  const sockets = new Gauge({ name: "parley_ws_sockets", help: "Open WebSockets by kind of caller", labelNames: ["kind"], registers });
  const connects = new Counter({ name: "parley_ws_connects_total", help: "WebSockets accepted", registers });
  const disconnects = new Counter({
    name: "parley_ws_disconnects_total",
    help: "WebSockets closed, by close code",
    labelNames: ["code"],
    registers,
  });
  const refusals = new Counter({
    name: "parley_ws_admission_refusals_total",
    help: "WebSocket upgrades refused by admission control (503)",
    registers,
  });
  const committed = new Counter({ name: "parley_messages_committed_total", help: "Messages stored (duplicates not counted)", registers });
  const batchSize = new Histogram({
    name: "parley_message_batch_size",
    help: "Messages per batch commit",
    buckets: batchBuckets,
    registers,
  });
  const commitSeconds = new Histogram({
    name: "parley_message_commit_seconds",
    help: "From a message handed to the batcher to its commit (batch wait included)",
    buckets: latencyBuckets,
    registers,
  });
  const deliverSeconds = new Histogram({
    name: "parley_message_delivery_seconds",
    help: "From the server taking a message in to handing it to a live subscriber's socket (any node)",
    buckets: latencyBuckets,
    registers,
  });
  const publishSeconds = new Histogram({
    name: "parley_bus_publish_seconds",
    help: "Bus publish round trip",
    buckets: latencyBuckets,
    registers,
  });
  const busLagSeconds = new Histogram({
    name: "parley_bus_subscriber_lag_seconds",
    help: "From publishing the bus probe to this node's subscriber handling it",
    buckets: latencyBuckets,
    registers,
  });
  const hotWindow = new Counter({
    name: "parley_hot_window_reads_total",
    help: "Thread replays by result of the hot window (hit / miss)",
    labelNames: ["result"],
    registers,
  });
  const replayReads = new Counter({
    name: "parley_replay_reads_total",
    help: "Thread replays by where they were read from",
    labelNames: ["source"],
    registers,
  });
  const redisReconnects = new Counter({
    name: "parley_redis_reconnects_total",
    help: "Times the bus's Redis subscription came back after being lost",
    registers,
  });
  const webhooks = new Counter({
    name: "parley_webhook_deliveries_total",
    help: "Webhook delivery attempts by outcome",
    labelNames: ["outcome"],
    registers,
  });
  const botTurns = new Counter({ name: "parley_bot_turns_total", help: "Bot turns by outcome", labelNames: ["outcome"], registers });
  const botHandoffs = new Counter({
    name: "parley_bot_handoffs_total",
    help: "Bot hand-offs to people, by reason",
    labelNames: ["reason"],
    registers,
  });
  new Gauge({
    name: "parley_db_pool_connections",
    help: "Database pool connections by state (MySQL; none on SQLite)",
    labelNames: ["state"],
    registers,
    collect() {
      const stats = options.poolStats?.();
      this.set({ state: "active" }, stats?.active ?? 0);
      this.set({ state: "idle" }, stats?.idle ?? 0);
    },
  });
  new Gauge({
    name: "parley_db_pool_waiting",
    help: "Database queries waiting for a pool connection",
    registers,
    collect() {
      this.set(options.poolStats?.()?.waiting ?? 0);
    },
  });
  // Every kind and the usual codes exist from the start, so dashboards and rate() see zeros rather than no series.
  for (const kind of ["visitor", "agent", "unidentified"]) sockets.set({ kind }, 0);
  for (const result of ["hit", "miss"]) hotWindow.inc({ result }, 0);
  for (const source of ["window", "database"]) replayReads.inc({ source }, 0);
  for (const outcome of ["delivered", "retrying", "failed", "refused"]) webhooks.inc({ outcome }, 0);
  for (const outcome of ["answered", "handoff", "silent"]) botTurns.inc({ outcome }, 0);
  for (const reason of handoffReasons) botHandoffs.inc({ reason }, 0);

  const kinds = new WeakMap<ClosableSocket, SocketKind | "unidentified">();
  return {
    registry,
    socketOpened(socket) {
      connects.inc();
      kinds.set(socket, "unidentified");
      sockets.inc({ kind: "unidentified" });
      socket.once("close", (code) => {
        disconnects.inc({ code: String(code) });
        sockets.dec({ kind: kinds.get(socket) ?? "unidentified" });
      });
    },
    socketIdentified(socket, kind) {
      const before = kinds.get(socket);
      if (!before || !kind || before === kind) return;
      sockets.dec({ kind: before });
      sockets.inc({ kind });
      kinds.set(socket, kind);
    },
    admissionRefused: () => refusals.inc(),
    batchCommitted(size, committedAt, handedInAt) {
      batchSize.observe(size);
      committed.inc(handedInAt.length);
      for (const at of handedInAt) commitSeconds.observe(Math.max(0, committedAt - at) / 1000);
    },
    messageDelivered(createdAt) {
      const at = createdAt instanceof Date ? createdAt.getTime() : typeof createdAt === "number" ? createdAt : Date.parse(createdAt);
      if (Number.isFinite(at)) deliverSeconds.observe(Math.max(0, Date.now() - at) / 1000);
    },
    replayRead(source) {
      hotWindow.inc({ result: source === "window" ? "hit" : "miss" });
      replayReads.inc({ source });
    },
    webhookDelivery: (outcome) => webhooks.inc({ outcome }),
    botTurn(outcome) {
      botTurns.inc({ outcome: outcome.kind });
      if (outcome.kind === "handoff" && outcome.reason) botHandoffs.inc({ reason: outcome.reason });
    },
    busPublished: (seconds) => publishSeconds.observe(seconds),
    busLag: (seconds) => busLagSeconds.observe(seconds),
    redisReconnected: () => redisReconnects.inc(),
    stop: () => registry.clear(),
  };
}

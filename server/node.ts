import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import type { Config } from "./config.ts";
import type { Logger } from "./domain/deps.ts";
import { answerWhileStarting, handleHealth, migrationCheck } from "./http/health.ts";
import { createReconnectWait } from "./http/reconnect-wait.ts";
import { refuseStarting } from "./http/upgrade-guard.ts";
import { setAppPageHeaders, setBaseHeaders } from "./http/security-headers.ts";
import { databaseKind } from "./store/db.ts";
import { migrationsDir, readMigrations } from "./store/migrate.ts";
import { handleUploads } from "./http/uploads.ts";
import { handleWidget } from "./http/widget.ts";
import { createWidgetBundleHandler, registerBuiltRelease } from "./http/widget-bundles.ts";
import { startJobs } from "./jobs/jobs.ts";
import { announceNode } from "./realtime/node-announcer.ts";
import { enableMetrics } from "./metrics/serve.ts";
import { closeDeps, createDeps } from "./services.ts";
import { createStorage, describeStorage } from "./storage/index.ts";
import { createTrpcHttpHandler, trpcHttpPrefix } from "./trpc/http-handler.ts";
import { createTrpcWsServer, trpcWsPath } from "./trpc/ws-server.ts";

const hardStopMs = 10_000;
/**
 * Connections the kernel may queue before this process accepts them (capped by net.core.somaxconn). Node's default,
 * 511, overflows when thousands of clients come back at once to a node still busy starting; the kernel then drops
 * their SYNs and TCP retries after 1, 2, 4 … 32 s, which stretched a reconnect storm's tail by a minute.
 */
const listenBacklog = 4096;

/**
 * One serving process: Next.js pages and tRPC (HTTP + WebSocket) on one port, plus the webhook dispatcher. It listens
 * first and gets ready after (`prepare`, the migrations of a single process, included), so that clients coming back after a restart wait in the reconnect wait (held until
 * ready, then each given an admission slot) instead of being refused and sleeping (server/http/reconnect-wait.ts).
 */
export async function startNode(config: Config, log: Logger, startedAt: number, prepare?: () => Promise<void>): Promise<void> {
  const securityHeaders = { https: config.publicUrl.startsWith("https:"), dev: config.dev };
  const reconnectWait = createReconnectWait();
  let serve: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let upgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | null = null;

  const server = createServer(async (req, res) => {
    try {
      setBaseHeaders(res, securityHeaders);
      if (reconnectWait.handle(req, res)) return;
      if (serve) return await serve(req, res);
      answerWhileStarting(req, res);
    } catch (error) {
      // The path only: query strings can carry tokens (SSE connectionParams). The id is nginx's $request_id.
      log.error("request failed", { path: req.url?.split("?")[0], requestId: req.headers["x-request-id"], error: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  // Only the tRPC path is ours. Next attaches its own upgrade listener on the first request (dev hot reload under
  // /_next/); anything else is closed so it cannot hang.
  server.on("upgrade", (req, socket, head) => {
    const path = req.url?.split("?")[0] ?? "";
    if (path === trpcWsPath) return upgrade ? upgrade(req, socket, head) : refuseStarting(socket);
    if (!path.startsWith("/_next/")) socket.destroy();
  });
  server.on("error", (error) => {
    log.error(`parley: cannot serve on ${config.host}:${config.port}: ${error.message}`);
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen({ port: config.port, host: config.host, backlog: listenBacklog }, resolve));
  await prepare?.();

  const deps = await createDeps(config, log);
  const metrics = enableMetrics(deps, config);
  const app = next({ dev: config.dev, hostname: config.host, port: config.port, dir: process.cwd() });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const storage = createStorage(config.storage, deps.db);
  await registerBuiltRelease(deps, storage, config.widgetDir, log);
  const handleWidgetBundles = createWidgetBundleHandler(deps, storage, config.widgetDir);
  const handleTrpc = createTrpcHttpHandler(deps);
  const trpcWs = createTrpcWsServer(deps, {
    acceptPerSecond: config.wsAcceptPerSecond,
    calls: {
      callsPerSecond: config.wsCallsPerSecond,
      visitorCallsPerSecond: config.visitorCallsPerSecond,
      ipCallsPerSecond: config.ipCallsPerSecond,
      maxSubscriptions: config.wsMaxSubscriptions,
    },
  });
  let stopping = false;
  const health = {
    isStopping: () => stopping,
    migrated: migrationCheck(
      deps,
      readMigrations(migrationsDir(databaseKind(config.databaseUrl))).map((m) => m.name),
    ),
  };

  serve = async (req, res) => {
    if (await handleHealth(deps, health, req, res)) return;
    if (await metrics.handle(req, res)) return;
    if (await handleWidget(deps, req, res)) return;
    if (await handleWidgetBundles(req, res)) return;
    if (await handleUploads(deps, storage, req, res)) return;
    if (req.url?.startsWith(trpcHttpPrefix)) return handleTrpc(req, res);
    setAppPageHeaders(req, res, securityHeaders);
    await handleNext(req, res);
  };
  upgrade = (req, socket, head) => void trpcWs.handleUpgrade(req, socket, head);
  const announcement = announceNode(deps.nodes, { port: config.port, connections: trpcWs.connectionCount }, log, undefined, deps.bus);
  // Everyone who waited while the node started gets a slot now, spread at the admission rate.
  reconnectWait.open(trpcWs.bookReconnectSlot);
  log.info("ready", {
    url: config.publicUrl,
    database: config.embedded ? "sqlite (embedded)" : "mysql",
    bus: config.redisUrl ? "redis" : "in-process",
    uploads: describeStorage(config.storage),
    startupMs: Math.round(performance.now() - startedAt),
  });

  const stopJobs = startJobs(deps, config, () => stopping);

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    setTimeout(() => {
      log.error("shutdown took too long; exiting", { ms: hardStopMs });
      process.exit(1);
    }, hardStopMs).unref();
    stopJobs();
    reconnectWait.stop();
    await announcement.stop();
    server.close();
    server.closeIdleConnections();
    await trpcWs.drain(config.shutdownSpreadMs);
    server.closeAllConnections();
    // Bot answers already started finish (each is bounded by its LLM timeouts) rather than leave a visitor unanswered.
    await deps.background.settle();
    await metrics.stop();
    await closeDeps(deps);
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

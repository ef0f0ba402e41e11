import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deps } from "../domain/deps.ts";

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

/**
 * Whether every migration this build ships is recorded as applied: a pod of a new release must not take traffic
 * before its migration Job finished (deploy/k8s/). Once true it stays true for the process, so it is asked once.
 */
export function migrationCheck(deps: Deps, expected: string[]): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    const rows = await deps.db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const missing = expected.filter((name) => !applied.has(name));
    if (missing.length > 0) throw new Error(`not applied: ${missing.join(", ")}`);
    done = true;
  };
}

export type HealthOptions = {
  /** Draining on SIGTERM: not ready, so the load balancer stops sending new clients. */
  isStopping: () => boolean;
  /** Throws while the database lacks a migration this build needs (see migrationCheck). */
  migrated?: () => Promise<void>;
};

/**
 * /healthz: the process is alive (liveness). /readyz: it can serve (readiness): the database answers and has every
 * migration, the bus answers, and it is not draining; 503 with what failed otherwise. Else false.
 */
export async function handleHealth(
  deps: Deps,
  options: HealthOptions | (() => boolean),
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const { isStopping, migrated } = typeof options === "function" ? { isStopping: options, migrated: undefined } : options;
  const path = req.url?.split("?")[0];
  if (path === "/healthz") {
    json(res, 200, { status: "ok", pid: process.pid });
    return true;
  }
  if (path !== "/readyz") return false;
  if (isStopping()) {
    json(res, 503, { status: "stopping" });
    return true;
  }
  const [database, bus, migrations] = await Promise.allSettled([
    withTimeout(deps.db.$queryRawUnsafe("SELECT 1"), 2000),
    withTimeout(deps.bus.ping(), 2000),
    withTimeout(migrated ? migrated() : Promise.resolve(), 2000),
  ]);
  const checks = {
    database: database.status === "fulfilled" ? "ok" : String(database.reason),
    bus: bus.status === "fulfilled" ? "ok" : String(bus.reason),
    migrations: migrations.status === "fulfilled" ? "ok" : String(migrations.reason),
  };
  const ready = Object.values(checks).every((check) => check === "ok");
  json(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks });
  return true;
}

/**
 * Before the node is ready (it listens first, server/node.ts): alive, not ready, and every other request is told to
 * come back in a second; clients that lost their socket wait in the reconnect wait instead.
 */
export function answerWhileStarting(req: IncomingMessage, res: ServerResponse) {
  const path = req.url?.split("?")[0];
  if (path === "/healthz") return json(res, 200, { status: "starting", pid: process.pid });
  res.setHeader("retry-after", "1");
  json(res, 503, { status: "starting" });
}

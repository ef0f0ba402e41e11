import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deps } from "../domain/deps.ts";

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}

/** /healthz: the process is alive. /readyz: it can serve, i.e. the database and the bus answer. Else false. */
export async function handleHealth(deps: Deps, isStopping: () => boolean, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
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
  const [database, bus] = await Promise.allSettled([withTimeout(deps.db.$queryRawUnsafe("SELECT 1"), 2000), withTimeout(deps.bus.ping(), 2000)]);
  const checks = {
    database: database.status === "fulfilled" ? "ok" : String(database.reason),
    bus: bus.status === "fulfilled" ? "ok" : String(bus.reason),
  };
  const ready = checks.database === "ok" && checks.bus === "ok";
  json(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", checks });
  return true;
}

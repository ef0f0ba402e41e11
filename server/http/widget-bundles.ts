import { createReadStream, existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Deps, Logger } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { parseBeacon, recordBeacon } from "../domain/releases/beacon.ts";
import { releaseFor } from "../domain/releases/choose-release.ts";
import { bundleNamePattern, bundleStorageKey, registerRelease, type ReleaseManifest } from "../domain/releases/register-release.ts";
import type { Storage } from "../storage/storage.ts";
import { clientAddress, sendJson } from "./request.ts";

/** The release this node was built with (public/widget/manifest.json), registered as the node starts. */
export async function registerBuiltRelease(deps: Deps, storage: Storage, widgetDir: string, log: Logger): Promise<void> {
  const file = join(widgetDir, "manifest.json");
  if (!existsSync(file)) return log.warn("no widget build to register (run npm run build)", { widgetDir });
  const manifest = JSON.parse(readFileSync(file, "utf8")) as ReleaseManifest;
  const outcome = await registerRelease(deps, storage, manifest, (name) => createReadStream(join(widgetDir, name)));
  log.info("widget release", { release: manifest.release, registered: outcome });
}

const maxBeaconBytes = 512;
/** Per node and address: a page reports at most three times, so this leaves room for many visitors behind one NAT. */
const beaconsPerMinute = 60;

async function readSmallBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString("utf8");
    if (text.length > maxBeaconBytes) throw new AppError("BAD_REQUEST", "beacon too large");
  }
  return text;
}

/**
 * GET /widget/panel.<hash>.js|css — a release's bundle: from this node's build when it is that build, else from the
 * shared storage (every registered release is there), so any node serves any release. Immutable by its name.
 * GET /widget/release?device=ID — which release this device loads (what /widget/config says; for the typed client).
 * POST /widget/beacon — the panel guard's report {r, d, k}; rate limited per address, 204 (429 over the limit).
 */
export function createWidgetBundleHandler(deps: Deps, storage: Storage, widgetDir: string) {
  const beaconLimit = new RateLimiterMemory({ points: beaconsPerMinute, duration: 60 });

  async function bundle(req: IncomingMessage, res: ServerResponse, name: string, head: boolean) {
    const local = join(widgetDir, name);
    let body: Readable;
    if (existsSync(local)) body = createReadStream(local);
    else {
      const stored = await storage.get(bundleStorageKey(name));
      if (!stored) return sendJson(req, res, 404, { error: "no such widget bundle" });
      body = stored.body;
    }
    res.writeHead(200, {
      "content-type": name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
    if (head) {
      body.destroy();
      return void res.end();
    }
    await pipeline(body, res);
  }

  return async function handleWidgetBundles(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://internal");
    const name = url.pathname.startsWith("/widget/") ? url.pathname.slice("/widget/".length) : "";
    if (bundleNamePattern.test(name) && (req.method === "GET" || req.method === "HEAD")) {
      await bundle(req, res, name, req.method === "HEAD");
      return true;
    }
    if (url.pathname === "/widget/release" && req.method === "GET") {
      sendJson(req, res, 200, { release: await releaseFor(deps, url.searchParams.get("device")) });
      return true;
    }
    if (url.pathname !== "/widget/beacon" || req.method !== "POST") return false;
    try {
      await beaconLimit.consume(clientAddress(req, deps.trustProxy === true) ?? "unknown");
    } catch {
      sendJson(req, res, 429, { error: "too many reports" });
      return true;
    }
    try {
      await recordBeacon(deps, parseBeacon(await readSmallBody(req)));
      res.writeHead(204, { "cache-control": "no-store" }).end();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      sendJson(req, res, 400, { error: error.message });
    }
    return true;
  };
}

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Deps } from "../domain/deps.ts";
import { isAppOrigin } from "../domain/sites/origins.ts";
import { createSiteOriginCheck } from "../domain/sites/site-origins.ts";

/** The query parameter a visitor socket opened from a site's own page names its site by. */
export const socketSiteParam = "site";

/** Answers an upgrade with a plain HTTP status and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: string, headers: Record<string, string> = {}) {
  const lines = Object.entries({ ...headers, "Content-Length": "0", Connection: "close" }).map(([name, value]) => `${name}: ${value}`);
  socket.end(`HTTP/1.1 ${status}\r\n${lines.join("\r\n")}\r\n\r\n`);
}

/**
 * Cross-site WebSocket hijacking: a browser sends the agent's cookie with any page's upgrade to this host (a page on
 * another port is the same site for SameSite=Lax). So before the upgrade: pages of the app itself (PUBLIC_URL's
 * origin, the Host asked for, EXTRA_ORIGINS) may open any socket; a page of a customer's site may open a visitor
 * socket when it names the site (`?site=KEY`) and the site allows that origin, and its cookie is never used
 * (server/trpc/context.ts); anything else is refused with 403. No Origin means no browser page (apps, servers).
 */
export function createOriginGuard(deps: Deps) {
  const siteAllowsOrigin = createSiteOriginCheck(deps);
  return async function originAllowed(req: IncomingMessage): Promise<boolean> {
    const origin = req.headers.origin;
    if (!origin) return true;
    const requestHost = req.headers.host ?? null;
    if (isAppOrigin(origin, { publicUrl: deps.publicUrl, requestHost, extraOrigins: deps.extraOrigins })) return true;
    const siteKey = new URLSearchParams(req.url?.split("?")[1]).get(socketSiteParam);
    return siteKey !== null && (await siteAllowsOrigin(siteKey, origin, requestHost));
  };
}

export function refuseOrigin(socket: Duplex) {
  refuseUpgrade(socket, "403 Forbidden");
}

/** While the node starts, before admission exists: come back in a second (or ask the reconnect wait, which holds). */
export function refuseStarting(socket: Duplex) {
  refuseUpgrade(socket, "503 Service Unavailable", { "Retry-After": "1", "Retry-After-Ms": "1000" });
}

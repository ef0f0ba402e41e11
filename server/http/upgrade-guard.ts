import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Deps } from "../domain/deps.ts";
import { isAppOrigin } from "../domain/sites/origins.ts";
import { createSiteOriginCheck } from "../domain/sites/site-origins.ts";

/** The query parameter a visitor socket opened from a site's own page names its site by. */
export const socketSiteParam = "site";

function refuse(socket: Duplex, status: string, headers: Record<string, string> = {}) {
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
  refuse(socket, "403 Forbidden");
}

/**
 * Admission control that tells each client when to come back: one slot every 1/rate seconds, with a second's worth
 * admitted at once after a quiet spell. A client refused now is told a slot after everything already booked, the
 * refused ones spread at the rate among themselves (the 1,000th refusal at 500/s comes back two seconds out), so a
 * herd returns spread instead of all at the next second. Telling is not booking: a client that does not come back
 * then (ours ask the reconnect wait instead) holds nobody up. `reserve` books a slot for a client that will come
 * with its ticket (the reconnect wait, server/http/reconnect-wait.ts, and a browser's 1013 close); booked slots are
 * counted once, and queue everyone after them. `Retry-After` carries whole seconds; `Retry-After-Ms` the slot.
 */
export function createAdmission(acceptPerSecond: number, now: () => number = Date.now) {
  const intervalMs = 1000 / acceptPerSecond;
  /** Every slot booked so far lies before this time, less the second's burst (at the rate, from the first). */
  let bookedUntil = Number.NEGATIVE_INFINITY;
  /** The last slot told to a refused client. */
  let toldAt = Number.NEGATIVE_INFINITY;
  return {
    /** Null when admitted now (booked), else the milliseconds after which this client should try again (not booked). */
    admit(): number | null {
      const at = now();
      const booked = Math.max(bookedUntil, at) + intervalMs;
      if (booked - 1000 <= at) {
        bookedUntil = booked;
        return null;
      }
      toldAt = Math.max(toldAt, bookedUntil - 1000, at) + intervalMs;
      return Math.ceil(toldAt - at);
    },
    /** Books the next slot for a client that will come then with a ticket: the milliseconds until it (0: now). */
    reserve(): number {
      const at = now();
      bookedUntil = Math.max(bookedUntil, at) + intervalMs;
      return Math.max(0, Math.ceil(bookedUntil - 1000 - at));
    },
    refuse(socket: Duplex, retryAfterMs: number) {
      refuse(socket, "503 Service Unavailable", {
        "Retry-After": String(Math.ceil(retryAfterMs / 1000)),
        "Retry-After-Ms": String(retryAfterMs),
      });
    },
  };
}

/** While the node starts, before admission exists: come back in a second (or ask the reconnect wait, which holds). */
export function refuseStarting(socket: Duplex) {
  refuse(socket, "503 Service Unavailable", { "Retry-After": "1", "Retry-After-Ms": "1000" });
}

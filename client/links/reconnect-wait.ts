import { parseReconnectSlot, reconnectWaitPath, type ReconnectSlot } from "../../server/contracts/reconnect.ts";

/** While the server cannot be reached at all (down, or not yet listening), ask again within this long. */
const unreachablePollCapMs = 3000;

export type ReconnectWaitOptions = {
  /** The app's origin, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** How to sleep between asks (the reconnect policy's, which `online` or a page made visible cut short). */
  sleep: (ms: number) => Promise<void>;
  /** False once the client was closed: stop asking. */
  wanted: () => boolean;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  random?: () => number;
};

/**
 * Asks the server when to come back instead of sleeping blindly (server/contracts/reconnect.ts): a starting node holds
 * the request until it is ready, a ready node answers at once, each with the client's slot and ticket. While nothing
 * answers (the node is down, or between processes) it asks again within a few seconds; a draining node or a proxy
 * with no node behind it says when (Retry-After-Ms) or gets the same short wait. Resolves null when the server has
 * no such wait (an older release) or the client was closed: then the client's own backoff applies.
 */
export async function waitForReconnectSlot(options: ReconnectWaitOptions): Promise<ReconnectSlot | null> {
  const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  const random = options.random ?? Math.random;
  const url = `${options.baseUrl.replace(/\/$/, "")}${reconnectWaitPath}`;
  for (let asks = 0; options.wanted(); asks++) {
    const pollMs = 250 + Math.round(random() * Math.min(unreachablePollCapMs - 250, 500 * 2 ** asks));
    let response: Response;
    try {
      response = await fetchImpl(url, { cache: "no-store" });
    } catch {
      await options.sleep(pollMs);
      continue;
    }
    if (response.ok) return parseReconnectSlot(await response.json().catch(() => null));
    void response.body?.cancel().catch(() => {});
    if (response.status === 404 || response.status === 405) return null;
    const told = Number(response.headers.get("retry-after-ms") ?? Number.NaN);
    await options.sleep(Number.isFinite(told) && told >= 0 ? Math.min(told, unreachablePollCapMs) : pollMs);
  }
  return null;
}

import type { Deps } from "../deps.ts";
import { allowedOriginsOf, isOriginAllowed } from "./origins.ts";

const ttlMs = 30_000;
const maxSites = 10_000;

/**
 * Whether a page at `origin` may open a visitor socket for the site `siteKey`: the same decision as for the widget's
 * HTTP calls (isOriginAllowed). Sites' origins are remembered per process for 30 s, so a reconnect storm from one
 * site's pages reads the site once; an admin's change to the list applies within that time.
 */
export function createSiteOriginCheck(deps: Deps) {
  const sites = new Map<string, { origins: string[] | null; at: number }>();
  return async function siteAllowsOrigin(siteKey: string, origin: string, requestHost: string | null): Promise<boolean> {
    if (siteKey.length > 32) return false;
    let known = sites.get(siteKey);
    if (!known || Date.now() - known.at > ttlMs) {
      const site = await deps.db.site.findUnique({ where: { siteKey }, select: { allowedOrigins: true } });
      known = { origins: site ? allowedOriginsOf(site.allowedOrigins) : null, at: Date.now() };
      if (sites.size >= maxSites) sites.delete(sites.keys().next().value!);
      sites.set(siteKey, known);
    }
    return known.origins !== null && isOriginAllowed(origin, known.origins, { publicUrl: deps.publicUrl, requestHost });
  };
}

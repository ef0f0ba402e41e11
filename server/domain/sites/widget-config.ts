import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { isAnyAgentOnline } from "../presence/agent-presence.ts";
import { allowedOriginsOf, isOriginAllowed, normalizeOrigin } from "./origins.ts";
import { widgetSettingsOf, type WidgetSettings } from "../../contracts/widget-settings.ts";
import { botFace } from "../bot/bot-config.ts";

export type WidgetConfig = WidgetSettings & { siteKey: string; siteName: string; online: boolean };

async function siteFor(deps: Deps, siteKey: string) {
  const site = await deps.db.site.findUnique({ where: { siteKey } });
  if (!site) throw new AppError("NOT_FOUND", `unknown site key "${siteKey}"`);
  return site;
}

function checkOrigin(deps: Deps, site: { siteKey: string; allowedOrigins: unknown }, origin: string | null, requestHost: string | null) {
  if (!isOriginAllowed(origin, allowedOriginsOf(site.allowedOrigins), { publicUrl: deps.publicUrl, requestHost })) {
    throw new AppError(
      "FORBIDDEN",
      `origin ${origin ?? "(none)"} is not allowed to embed the widget of site "${site.siteKey}" (add it in Dashboard → Sites → Allowed origins)`,
    );
  }
}

/** What the loader needs to draw the launcher, for a page whose Origin the site allows. */
export async function widgetConfig(
  deps: Deps,
  input: { siteKey: string; origin: string | null; requestHost: string | null },
): Promise<WidgetConfig> {
  const site = await siteFor(deps, input.siteKey);
  checkOrigin(deps, site, input.origin, input.requestHost);
  return {
    ...widgetSettingsOf(site.widgetSettings),
    siteKey: site.siteKey,
    siteName: site.name,
    online: await isAnyAgentOnline(deps, site.organizationId),
  };
}

/**
 * What the chat panel starts with, and the pages allowed to frame it: the site's allowed origins and the app itself
 * (CSP frame-ancestors). In the widget, `host` is the page the loader runs on and the panel talks to it only, so it
 * must be allowed; the H5 page (`/chat/<siteKey>`) has no host.
 */
export async function panelBoot(deps: Deps, input: { siteKey: string; host: string | null; requestHost: string | null }) {
  const site = await siteFor(deps, input.siteKey);
  const host = input.host === null ? null : normalizeOrigin(input.host);
  if (input.host !== null) checkOrigin(deps, site, host, input.requestHost);
  const ancestors = [deps.publicUrl, ...allowedOriginsOf(site.allowedOrigins)].map(normalizeOrigin);
  return {
    hostOrigin: host,
    frameAncestors: [...new Set(ancestors.filter((origin): origin is string => origin !== null))],
    siteName: site.name,
    online: await isAnyAgentOnline(deps, site.organizationId),
    settings: widgetSettingsOf(site.widgetSettings),
    bot: await botFace(deps, site.organizationId, site.id),
  };
}

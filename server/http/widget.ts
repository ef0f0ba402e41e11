import type { IncomingMessage, ServerResponse } from "node:http";
import { localizedWidgetSettings } from "../contracts/widget-settings.ts";
import { parse as parseCookies } from "cookie";
import { sessionCookieName } from "../domain/agents/sessions.ts";
import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { releaseFor, servedRelease, type ReleaseChoice } from "../domain/releases/choose-release.ts";
import { panelBoot, widgetConfig } from "../domain/sites/widget-config.ts";
import { widgetPreview } from "../domain/sites/widget-preview.ts";
import { header, sendError } from "./request.ts";
import { panelPermissionsPolicy } from "./security-headers.ts";
import { sendPreviewHostPage } from "./widget-preview.ts";

/** The panel speaks English and Simplified Chinese; any zh* preference gets Chinese. */
function localeOf(value: string | null): "en" | "zh-CN" {
  return value?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

const deviceIdPattern = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The page asking for the loader's config. Browsers send Origin on every cross-origin fetch, but not on a same-origin
 * GET (the snippet pasted on a page of the app itself, like the demo page): then the page is named by the Referer,
 * or, under a no-referrer policy, is this very host by Sec-Fetch-Site.
 */
function pageOrigin(req: IncomingMessage): string | null {
  const origin = header(req, "origin");
  if (origin) return origin;
  const referer = header(req, "referer");
  if (referer) {
    try {
      return new URL(referer).origin;
    } catch {
      // not a URL: fall through
    }
  }
  const host = header(req, "host");
  return header(req, "sec-fetch-site") === "same-origin" && host ? `http://${host}` : null;
}

function siteKeyOf(url: URL): string {
  const siteKey = url.searchParams.get("site") ?? "";
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(siteKey)) throw new AppError("BAD_REQUEST", "site must be a site key");
  return siteKey;
}

/** A path segment that does not decode (`%E0%A4%A`) becomes "", which siteKeyOf refuses with a 400 like any bad key. */
function decodedOrEmpty(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

/** JSON with `<` escaped, so a setting can never close the boot script tag. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

/** The release's bundles after the guard that reports how they boot; the unhashed build when no release exists. */
function panelHtml(boot: unknown, title: string, release: ReleaseChoice | null): string {
  const [stylesheet, script] = release ? [release.stylesheet, release.script] : ["panel.css", "panel.js"];
  const guard = release ? '<script defer src="/widget/guard.js"></script>' : "";
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover"><title>${title.replace(/[<>&"]/g, "")}</title><link rel="stylesheet" href="/widget/${stylesheet}"><script id="parley-boot" type="application/json">${scriptSafeJson(boot)}</script>${guard}<script defer src="/widget/${script}"></script></head><body></body></html>`;
}

/**
 * GET /widget/config?site=KEY&device=ID — the loader's first call, cross-origin: answered (with CORS for that origin
 * only) when the page's Origin is allowed for the site, else a JSON error the loader prints to the console. It names
 * the panel release this device loads (stable, or a candidate rolled out to its bucket).
 * GET /widget/panel?site=KEY&host=ORIGIN&locale=… — the chat frame, framable only by the site's origins
 * (CSP frame-ancestors); it talks to `host` only.
 * GET /chat/KEY?deviceId=…&locale=… — the same chat as a full page for app WebViews (no launcher, no host).
 * GET /widget/preview and /widget/panel?…&preview=JSON — the dashboard's preview of unsaved settings (widget-preview.ts).
 */
export async function handleWidget(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://internal");
  const chatPage = /^\/chat\/([^/]+)$/.exec(url.pathname);
  const paths = ["/widget/config", "/widget/panel", "/widget/preview"];
  if (req.method !== "GET" || (!paths.includes(url.pathname) && !chatPage)) return false;
  if (chatPage) url.searchParams.set("site", decodedOrEmpty(chatPage[1]!));
  const origin = header(req, "origin");
  const requestHost = header(req, "host");
  try {
    const siteKey = siteKeyOf(url);
    if (url.pathname === "/widget/config") {
      // The launcher text in the visitor's language: the loader passes its locale, else the browser's Accept-Language.
      const locale = localeOf(url.searchParams.get("locale") ?? header(req, "accept-language"));
      const config = {
        ...localizedWidgetSettings(await widgetConfig(deps, { siteKey, origin: pageOrigin(req), requestHost }), locale),
        release: (await releaseFor(deps, url.searchParams.get("device")))?.id ?? null,
      };
      res.writeHead(200, {
        "content-type": "application/json",
        "cache-control": "no-store",
        ...(origin ? { "access-control-allow-origin": origin } : {}),
        vary: "Origin",
      });
      res.end(JSON.stringify(config));
      return true;
    }
    const previewJson = chatPage ? null : url.searchParams.get("preview");
    const preview =
      previewJson === null
        ? null
        : await widgetPreview(deps, {
            sessionToken: parseCookies(header(req, "cookie") ?? "")[sessionCookieName],
            siteKey,
            preview: previewJson,
          });
    const locale = localeOf(url.searchParams.get("locale") ?? header(req, "accept-language"));
    if (url.pathname === "/widget/preview") {
      if (!preview) throw new AppError("BAD_REQUEST", "preview must be JSON widget settings");
      sendPreviewHostPage(res, preview, { locale, open: url.searchParams.get("open") !== "0" });
      return true;
    }
    const host = chatPage ? null : (url.searchParams.get("host") ?? "");
    const frame = await panelBoot(deps, { siteKey, host, requestHost });
    const deviceId = deviceIdPattern.test(url.searchParams.get("deviceId") ?? "") ? url.searchParams.get("deviceId") : null;
    // The loader passes the release /widget/config chose; the H5 page is chosen for here, from the app's device id.
    const asked = url.searchParams.get("release");
    const release = preview ? null : ((asked ? await servedRelease(deps, asked) : null) ?? (await releaseFor(deps, deviceId)));
    const boot = {
      siteKey,
      siteName: frame.siteName,
      hostOrigin: frame.hostOrigin,
      online: preview?.online ?? frame.online,
      locale,
      // The H5 page in an app's WebView: the app may pass its own device id so the thread follows the app install.
      deviceId,
      release: release?.id ?? null,
      settings: localizedWidgetSettings(preview?.settings ?? frame.settings, locale),
      bot: frame.bot,
      ...(preview ? { preview: true } : {}),
    };
    // A preview is framed by the dashboard only, never by the site's pages.
    const ancestors = preview ? "'self'" : frame.frameAncestors.join(" ");
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": `frame-ancestors ${ancestors}; default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob: https:; media-src 'self' blob:; style-src 'self'; script-src 'self'`,
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": panelPermissionsPolicy,
    });
    res.end(panelHtml(boot, frame.siteName, release));
    return true;
  } catch (error) {
    const headers = {
      ...(origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {}),
      "content-security-policy": "frame-ancestors 'none'",
    };
    if (!sendError(req, res, error, headers)) throw error;
    return true;
  }
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseCookies } from "cookie";
import { sessionCookieName } from "../domain/agents/sessions.ts";
import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { panelBoot, widgetConfig } from "../domain/widget/widget-config.ts";
import { widgetPreview } from "../domain/widget/widget-preview.ts";
import { sendPreviewHostPage } from "./widget-preview.ts";

/** The panel speaks English and Simplified Chinese; any zh* preference gets Chinese. */
function localeOf(value: string | null): "en" | "zh-CN" {
  return value?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

const deviceIdPattern = /^[A-Za-z0-9_-]{16,64}$/;
const statusOf: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400, UNAUTHORIZED: 401 };

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

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

/** JSON with `<` escaped, so a setting can never close the boot script tag. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

function panelHtml(boot: unknown, title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover"><title>${title.replace(/[<>&"]/g, "")}</title><link rel="stylesheet" href="/widget/panel.css"><script id="parley-boot" type="application/json">${scriptSafeJson(boot)}</script><script defer src="/widget/panel.js"></script></head><body></body></html>`;
}

/**
 * GET /widget/config?site=KEY — the loader's first call, cross-origin: answered (with CORS for that origin only)
 * when the page's Origin is allowed for the site, else a JSON error the loader prints to the console.
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
  if (chatPage) url.searchParams.set("site", decodeURIComponent(chatPage[1]!));
  const origin = header(req, "origin");
  const requestHost = header(req, "host");
  try {
    const siteKey = siteKeyOf(url);
    if (url.pathname === "/widget/config") {
      const config = await widgetConfig(deps, { siteKey, origin: pageOrigin(req), requestHost });
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", ...(origin ? { "access-control-allow-origin": origin } : {}), vary: "Origin" });
      res.end(JSON.stringify(config));
      return true;
    }
    const previewJson = chatPage ? null : url.searchParams.get("preview");
    const preview = previewJson === null ? null : await widgetPreview(deps, { sessionToken: parseCookies(header(req, "cookie") ?? "")[sessionCookieName], siteKey, preview: previewJson });
    const locale = localeOf(url.searchParams.get("locale") ?? header(req, "accept-language"));
    if (url.pathname === "/widget/preview") {
      if (!preview) throw new AppError("BAD_REQUEST", "preview must be JSON widget settings");
      sendPreviewHostPage(res, preview, { locale, open: url.searchParams.get("open") !== "0" });
      return true;
    }
    const host = chatPage ? null : (url.searchParams.get("host") ?? "");
    const frame = await panelBoot(deps, { siteKey, host, requestHost });
    const boot = {
      siteKey,
      siteName: frame.siteName,
      hostOrigin: frame.hostOrigin,
      online: preview?.online ?? frame.online,
      locale,
      // The H5 page in an app's WebView: the app may pass its own device id so the thread follows the app install.
      deviceId: deviceIdPattern.test(url.searchParams.get("deviceId") ?? "") ? url.searchParams.get("deviceId") : null,
      settings: preview?.settings ?? frame.settings,
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
    });
    res.end(panelHtml(boot, frame.siteName));
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    res.writeHead(statusOf[error.code] ?? 400, {
      "content-type": "application/json",
      "cache-control": "no-store",
      ...(origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {}),
      "content-security-policy": "frame-ancestors 'none'",
    });
    res.end(JSON.stringify({ error: error.message }));
    return true;
  }
}

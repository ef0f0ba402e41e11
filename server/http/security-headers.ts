import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type SecurityHeaderOptions = {
  /** PUBLIC_URL is https: browsers are told to use nothing else for a year. */
  https: boolean;
  /** `npm run dev`: React's dev build needs eval for its error overlays. */
  dev: boolean;
};

/** What the app's pages may do with the browser's powerful features: nothing. The widget panel asks for the mic itself. */
export const appPermissionsPolicy =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), browsing-topics=()";

/** The panel records voice notes (widget/panel/voice.ts); the site's page grants it with the frame's allow="microphone". */
export const panelPermissionsPolicy = "camera=(), microphone=(self), geolocation=(), payment=(), usb=(), browsing-topics=()";

/** Headers every response carries, whoever answers it. */
export function setBaseHeaders(res: ServerResponse, options: SecurityHeaderOptions): void {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
  if (options.https) res.setHeader("strict-transport-security", "max-age=31536000; includeSubDomains");
}

/**
 * The app's Content-Security-Policy. Scripts run only with this response's nonce ('strict-dynamic' lets Next's
 * nonce'd bootstrap load its chunks), so an injected <script> or inline handler never runs; nothing may frame the
 * app (a framed inbox could be clickjacked); connections, frames and forms stay on this origin. Styles allow inline
 * attributes: React writes style="…" into server-rendered HTML, and a style cannot run code.
 */
export function appContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Before Next renders a page: a fresh nonce, put in the request's Content-Security-Policy header (where Next's
 * renderer reads it and stamps it on every script it writes) and in the response's. Next's Proxy (middleware) would
 * do the same, but cannot read PUBLIC_URL through server/config.ts, and every request passes through here anyway.
 */
export function setAppPageHeaders(req: IncomingMessage, res: ServerResponse, options: SecurityHeaderOptions): void {
  const policy = appContentSecurityPolicy(randomBytes(16).toString("base64"), options.dev);
  req.headers["content-security-policy"] = policy;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("content-security-policy", policy);
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("permissions-policy", appPermissionsPolicy);
}

/** `https://Example.com:443/path` → `https://example.com`; null when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a browser page at `origin` may open visitor sessions for a site: one of the site's allowed origins, or the
 * app itself (its demo page and the H5 chat page at /chat/<siteKey>). `requestHost` is the Host the request came to,
 * so every node of a cluster counts as the app whatever PUBLIC_URL says.
 */
export function isOriginAllowed(
  origin: string | null | undefined,
  allowedOrigins: readonly string[],
  app: { publicUrl: string; requestHost?: string | null },
): boolean {
  if (!origin) return false;
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  if (isAppOrigin(normalized, app)) return true;
  return allowedOrigins.some((allowed) => normalizeOrigin(allowed) === normalized);
}

/**
 * Whether a browser page at `origin` is the app itself: PUBLIC_URL's origin, the Host the request came to (every
 * node of a cluster), or one of the configured extra origins (EXTRA_ORIGINS). Only such pages may use an agent's
 * session cookie; a page on another port of the same host is another origin and is refused.
 */
export function isAppOrigin(
  origin: string,
  app: { publicUrl: string; requestHost?: string | null; extraOrigins?: readonly string[] },
): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  if (normalized === normalizeOrigin(app.publicUrl)) return true;
  if (app.requestHost && new URL(normalized).host === app.requestHost.toLowerCase()) return true;
  return (app.extraOrigins ?? []).some((extra) => normalizeOrigin(extra) === normalized);
}

export function allowedOriginsOf(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((value): value is string => typeof value === "string") : [];
}

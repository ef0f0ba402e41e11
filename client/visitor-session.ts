import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "../server/trpc/router.ts";

export type VisitorSessionRequest = {
  siteKey: string;
  deviceId: string;
  page?: string;
  referrer?: string;
  timezone?: string;
  language?: string;
};

/** Refreshed this long before it expires, so a token handed to a socket or an upload is never stale on arrival. */
const refreshBeforeExpiryMs = 60_000;

/**
 * The visitor's session token: opened over plain HTTP on first use and opened again when near expiry. Every socket
 * (re)connection, event stream and upload asks for it, so a long-lived page never sends an expired one. A refusal
 * that retrying cannot fix (unknown site, origin not allowed, a bad request) goes to `onFatal` as well.
 */
export function visitorSession(http: TRPCClient<AppRouter>, request: VisitorSessionRequest, onFatal?: (message: string) => void) {
  let session: { token: string; expiresAt: number } | null = null;
  return async function token(): Promise<string> {
    if (!session || session.expiresAt - Date.now() < refreshBeforeExpiryMs) {
      try {
        const { siteKey, deviceId, page, referrer, timezone, language } = request;
        const opened = await http.widget.session.mutate({
          siteKey,
          deviceId,
          ...(page ? { page } : {}),
          ...(referrer ? { referrer } : {}),
          ...(timezone ? { timezone } : {}),
          ...(language ? { language } : {}),
        });
        session = { token: opened.token, expiresAt: Date.parse(opened.expiresAt) };
      } catch (error) {
        const code = (error as { data?: { code?: string } }).data?.code;
        if (code === "FORBIDDEN" || code === "NOT_FOUND" || code === "BAD_REQUEST") onFatal?.((error as Error).message);
        throw error;
      }
    }
    return session.token;
  };
}

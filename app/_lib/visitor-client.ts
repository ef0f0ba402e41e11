"use client";
import { createTRPCClient, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { resilientLinks } from "./resilient-links";
import { createHttpClient } from "./trpc-client";

/** The browser keeps one random device id per site; it is this visitor's identity until they identify. */
function deviceIdFor(siteKey: string): string {
  const key = `parley:device:${siteKey}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID().replaceAll("-", "");
    localStorage.setItem(key, id);
  }
  return id;
}

/** `token` is the current visitor token, for plain HTTP calls such as fetching a file from /api/uploads. */
export type VisitorConnection = { trpc: TRPCClient<AppRouter>; token: () => Promise<string>; close: () => void };

/**
 * Opens a visitor session for a site and a WebSocket authenticated by it (or server-sent events where WebSocket is
 * blocked). The token is short-lived and kept in memory only; every (re)connect asks for a fresh one when it is
 * close to expiry.
 */
export function connectVisitor(siteKey: string, onAuthError: (message: string) => void): VisitorConnection {
  const http = createHttpClient();
  const deviceId = deviceIdFor(siteKey);
  let session: { token: string; expiresAt: number } | null = null;

  const freshToken = async () => {
    if (!session || session.expiresAt - Date.now() < 60_000) {
      try {
        const opened = await http.widget.session.mutate({ siteKey, deviceId, page: location.href });
        session = { token: opened.token, expiresAt: Date.parse(opened.expiresAt) };
      } catch (error) {
        onAuthError(error instanceof Error ? error.message : String(error));
        throw error;
      }
    }
    return session.token;
  };

  const transport = resilientLinks({ baseUrl: location.origin, visitorToken: freshToken });
  return { trpc: createTRPCClient<AppRouter>({ links: transport.links }), token: freshToken, close: transport.close };
}

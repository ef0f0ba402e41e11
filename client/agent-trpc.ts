"use client";
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { agentLink } from "./links/link-state";
import { resilientLinks } from "./links/resilient-links";

export const trpcHttpUrl = "/api/trpc";

/** Plain HTTP client: login, logout and the visitor's session call, which happen before a socket exists. */
export function createHttpClient(headers?: () => Record<string, string>): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: trpcHttpUrl, headers })] });
}

/**
 * The agent's client without a socket (the dashboard): plain HTTP on the session cookie, and the few live views (the
 * System page's nodes) subscribe over server-sent events on the same URL.
 */
export function agentHttpTrpc(): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: trpcHttpUrl }),
        false: httpLink({ url: trpcHttpUrl }),
      }),
    ],
  });
}

let agentClient: TRPCClient<AppRouter> | null = null;

/**
 * The agent's client, one per page (a module singleton: React's dev double render must not open a second socket).
 * The socket is authenticated by the session cookie sent with the upgrade (server-sent events and HTTP where a proxy
 * blocks WebSocket, see resilient-links.ts). Auth calls go over HTTP so the cookie can be set.
 */
export function agentTrpc(): TRPCClient<AppRouter> {
  if (agentClient) return agentClient;
  // Cookie-authenticated on every transport: the upgrade, the event streams and the HTTP calls are same-origin.
  // Signed out elsewhere (or deactivated): to the login page. A new role: the page reloads with what it now allows.
  const transport = resilientLinks({
    baseUrl: location.origin,
    onLink: agentLink.report,
    onAccessChange: (change) => (change === "session_ended" ? location.assign("/login") : location.reload()),
  });
  agentClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.path.startsWith("auth."),
        true: httpLink({ url: trpcHttpUrl }),
        false: transport.links,
      }),
    ],
  });
  return agentClient;
}

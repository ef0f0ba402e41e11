"use client";
import { createTRPCClient, createWSClient, httpLink, splitLink, wsLink, type TRPCClient } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";

import { reconnectPolicy } from "./reconnect-policy";

export { reconnectDelayMs } from "./reconnect-policy";

export function wsUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/trpc-ws`;
}

export const trpcHttpUrl = "/api/trpc";

/** Plain HTTP client: login, logout and the visitor's session call, which happen before a socket exists. */
export function createHttpClient(headers?: () => Record<string, string>): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: trpcHttpUrl, headers })] });
}

let agentClient: TRPCClient<AppRouter> | null = null;

/**
 * The agent's client, one per page (a module singleton: React's dev double render must not open a second socket).
 * The socket is authenticated by the session cookie sent with the upgrade. Auth calls go over HTTP so the cookie
 * can be set.
 */
export function agentTrpc(): TRPCClient<AppRouter> {
  if (agentClient) return agentClient;
  const reconnect = reconnectPolicy();
  const socket = createWSClient({
    url: wsUrl(),
    retryDelayMs: reconnect.retryDelayMs,
    onClose: reconnect.onClose,
    keepAlive: reconnect.keepAlive,
    lazy: { enabled: false, closeMs: 0 },
  });
  agentClient = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.path.startsWith("auth."),
        true: httpLink({ url: trpcHttpUrl }),
        false: wsLink({ client: socket }),
      }),
    ],
  });
  return agentClient;
}

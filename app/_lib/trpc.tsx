"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import { agentHttpTrpc, agentTrpc } from "@/client/agent-trpc";
import type { AppRouter } from "@/server/trpc/router";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * The one tRPC + React Query provider of the agent's pages. The inbox lives on its socket (`"socket"`: calls and live
 * streams over the resilient links); the dashboard uses plain HTTP with server-sent events for its few live views
 * (`"http"`), so it opens no WebSocket.
 */
export function TrpcProviders({ transport, children }: { transport: "socket" | "http"; children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  const [trpcClient] = useState(() => (transport === "socket" ? agentTrpc() : agentHttpTrpc()));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

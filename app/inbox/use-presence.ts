"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AgentStatusValue } from "@/server/contracts/inbox";
import { agentLink } from "@/client/links/link-state";
import { useTRPC, useTRPCClient } from "@/app/_lib/trpc";

const heartbeatMs = 30_000;
const autoAwayMs = 5 * 60_000;

/**
 * The agent's own status (set by hand; `away` after 5 minutes without keyboard or mouse, back to `online` on the
 * next touch when it was automatic), refreshed every 30 s so the server's TTL keeps it; and every colleague's
 * status, live.
 */
export function usePresence(enabled: boolean) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const agents = useQuery({ ...trpc.agent.workspace.agents.queryOptions(), enabled });
  const me = useQuery({ ...trpc.auth.me.queryOptions(), enabled });
  const [status, setStatusState] = useState<AgentStatusValue>("online");
  const statusRef = useRef(status);
  const autoAway = useRef(false);
  const lastActivity = useRef(Date.now());

  const publish = useCallback(
    (next: AgentStatusValue) => {
      statusRef.current = next;
      setStatusState(next);
      void client.agent.workspace.setStatus.mutate({ status: next }).catch(() => {});
    },
    [client],
  );

  const setStatus = useCallback(
    (next: AgentStatusValue) => {
      autoAway.current = false;
      publish(next);
    },
    [publish],
  );

  useEffect(() => {
    if (!enabled) return;
    publish(statusRef.current);
    const heartbeat = setInterval(() => {
      if (statusRef.current === "online" && Date.now() - lastActivity.current > autoAwayMs) {
        autoAway.current = true;
        publish("away");
      } else if (statusRef.current !== "offline") {
        publish(statusRef.current);
      }
    }, heartbeatMs);
    const touched = () => {
      lastActivity.current = Date.now();
      if (autoAway.current) {
        autoAway.current = false;
        publish("online");
      }
    };
    // Colleagues were told this agent went offline when the socket dropped; coming back says where they are again.
    const stopWatchingLink = agentLink.onReconnect(() => publish(statusRef.current));
    window.addEventListener("keydown", touched);
    window.addEventListener("pointerdown", touched);
    window.addEventListener("pointermove", touched, { passive: true });
    return () => {
      clearInterval(heartbeat);
      stopWatchingLink();
      window.removeEventListener("keydown", touched);
      window.removeEventListener("pointerdown", touched);
      window.removeEventListener("pointermove", touched);
    };
  }, [enabled, publish]);

  useSubscription(
    trpc.agent.workspace.onPresence.subscriptionOptions(undefined, {
      enabled,
      onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.agent.workspace.agents.queryKey() }),
      onData: (event) =>
        queryClient.setQueryData(trpc.agent.workspace.agents.queryKey(), (list) =>
          list?.map((agent) => (agent.id === event.userId ? { ...agent, status: event.status } : agent)),
        ),
    }),
  );

  // Our own entry shows what we just set: the colleague list may have been read (or the presence event sent) before
  // the first setStatus landed, which left our own dot grey next to "Online" right after sign-in.
  const myId = me.data?.userId;
  const list = (agents.data ?? []).map((agent) => (agent.id === myId && agent.status !== status ? { ...agent, status } : agent));
  return { status, setStatus, agents: list };
}

"use client";
import { useSyncExternalStore } from "react";
import { agentLink } from "@/client/links/link-state";

/** The agent's connection as shown in the inbox: "down" drives the reconnecting banner and the own status dot. */
export function useLinkState() {
  return useSyncExternalStore(agentLink.subscribe, agentLink.get, () => "up" as const);
}

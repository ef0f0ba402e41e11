import type { Deps } from "../deps.ts";
import type { Presence } from "../routing/team-state.ts";

/** Routing's view of presence: agents whose status is `online` (away agents get no new chats). */
export function onlineAgents(deps: Deps): Presence {
  return {
    async onlineAgentIds(organizationId) {
      const statuses = await deps.presence.list(organizationId);
      return new Set([...statuses].filter(([, status]) => status === "online").map(([userId]) => userId));
    },
  };
}

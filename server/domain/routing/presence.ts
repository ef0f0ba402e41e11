import type { Deps } from "../deps.ts";
import type { Presence } from "./team-state.ts";

/** Routing's view of presence: only agents who are online take new conversations (away agents keep theirs). */
export function routingPresence(deps: Deps): Presence {
  return {
    async onlineAgentIds(organizationId) {
      const live = await deps.presence.list(organizationId);
      return new Set([...live].filter(([, status]) => status === "online").map(([userId]) => userId));
    },
  };
}

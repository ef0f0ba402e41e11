import type { WebSocket } from "ws";
import { closeCodes } from "../contracts/close-codes.ts";
import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import type { Deps } from "../domain/deps.ts";
import { announceAgentDisconnected } from "../domain/presence/agent-presence.ts";

/**
 * This process's open agent sockets per agent. When an agent's last socket here drops (a lost network, a closed
 * laptop), colleagues are told at once that the agent is offline instead of after the presence TTL; the agent's
 * inbox republishes their status when it reconnects. Sockets that close while this server drains for a restart tell
 * nothing: their agents are moving to another node, not leaving.
 */
export function agentSockets(deps: Deps) {
  const open = new Map<string, number>();
  let draining = false;
  return {
    drain() {
      draining = true;
    },
    track(ws: WebSocket, agent: AgentIdentity) {
      open.set(agent.userId, (open.get(agent.userId) ?? 0) + 1);
      ws.once("close", (code: number) => {
        const left = (open.get(agent.userId) ?? 1) - 1;
        if (left > 0) return void open.set(agent.userId, left);
        open.delete(agent.userId);
        if (draining || code === closeCodes.serverRestart) return;
        announceAgentDisconnected(deps, agent).catch((error) =>
          deps.log.warn("disconnect not announced", { userId: agent.userId, error: String(error) }),
        );
      });
    },
  };
}

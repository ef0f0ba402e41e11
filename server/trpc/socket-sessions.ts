import type { WebSocket } from "ws";
import { closeCodes, closeReason } from "../contracts/close-codes.ts";
import { accessChangeHits, type AccessChange } from "../domain/agents/access-change.ts";
import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import type { SessionCache } from "../domain/agents/session-cache.ts";

type AgentSocket = { userId: string; sessionId: string; role: AgentIdentity["role"] };

/**
 * The agent sockets of this process by session, closed when an access change hits them: 4001 when the session
 * ended (no retry as is), 4003 when the role changed (reconnect now, with the new rights). After the bus lost
 * changes (it came back from an outage), every socket is checked against the database again.
 */
export function trackAgentSockets(sessions: SessionCache) {
  const sockets = new Map<WebSocket, AgentSocket>();

  const end = (ws: WebSocket, ended: boolean) => {
    sockets.delete(ws);
    if (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING) return;
    if (ended) ws.close(closeCodes.sessionEnded, closeReason({ reason: "session_ended", retryAfterMs: null }));
    else ws.close(closeCodes.rightsChanged, closeReason({ reason: "rights_changed", retryAfterMs: 0 }));
  };

  /** Closes the socket when its session is gone or its role is no longer the one it holds. */
  const recheck = async (ws: WebSocket, held: AgentSocket) => {
    const now = await sessions.resolve(held.sessionId);
    if (!now) end(ws, true);
    else if (now.role !== held.role) end(ws, false);
  };

  const stop = sessions.onChange((change: AccessChange | null) => {
    for (const [ws, held] of sockets) {
      if (!change) void recheck(ws, held).catch(() => {});
      else if (accessChangeHits(change, held)) end(ws, change.reason !== "role_changed");
    }
  });

  return {
    /** Called once the socket's context knows its agent; a change that came meanwhile is caught by the recheck. */
    async add(ws: WebSocket, agent: AgentIdentity, sessionId: string) {
      const held = { userId: agent.userId, sessionId, role: agent.role };
      sockets.set(ws, held);
      ws.once("close", () => sockets.delete(ws));
      await recheck(ws, held);
    },
    stop,
  };
}

import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import { findVisitorConversation } from "../domain/conversations/access.ts";
import type { Deps } from "../domain/deps.ts";
import { agentConversation } from "../domain/signals/send-signal.ts";
import type { VisitorIdentity } from "../domain/sites/visitor-token.ts";
import { retryUntilAborted } from "../realtime/retry-until-aborted.ts";
import { mapAppError } from "./init.ts";

/**
 * The one preamble of every conversation subscription: find the conversation it watches — the access check, since
 * the bus topic is the id alone — retrying while MariaDB or Redis are away (clients resubscribe after a reconnect,
 * not after a server error), a refusal answered as its tRPC error.
 */
export function agentWatchedConversation(deps: Deps, agent: AgentIdentity, conversationId: string, signal: AbortSignal) {
  return mapAppError(retryUntilAborted(deps, signal, "finding the conversation", () => agentConversation(deps, agent, conversationId)));
}

/** The same for the visitor: their open conversation, or null before their first message. */
export function visitorWatchedConversation(deps: Deps, visitor: VisitorIdentity, signal: AbortSignal) {
  return mapAppError(retryUntilAborted(deps, signal, "finding the visitor's conversation", () => findVisitorConversation(deps, visitor)));
}

import { topics } from "../bus/topics.ts";
import type { PersonalEvent, PresenceEvent } from "../contracts/inbox.ts";
import type { InboxEvent } from "../contracts/messages.ts";
import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import { isInScope, teamScopeOf } from "../domain/conversations/team-scope.ts";
import type { Deps } from "../domain/deps.ts";
import { BusQueue } from "./bus-queue.ts";
import { inboxFanoutFor } from "./inbox-fanout.ts";
import type { LeanSubscription } from "./lean-subscriptions.ts";
import { retryUntilAborted } from "./retry-until-aborted.ts";

/**
 * The agent's live streams that are one bus topic each, so the routers name a stream and never a topic: subscribe
 * (retried until it works or the caller leaves), then yield events as they come.
 */
async function* streamTopic<T>(deps: Deps, topic: string, signal: AbortSignal, what: string): AsyncGenerator<T> {
  const queue = await retryUntilAborted(deps, signal, what, () => BusQueue.open<T>(deps.bus, topic, signal));
  while (!signal.aborted) yield* await queue.take();
}

/** Other agents' status changes in the organization. */
export function streamPresence(deps: Deps, agent: AgentIdentity, signal: AbortSignal): AsyncGenerator<PresenceEvent> {
  return streamTopic<PresenceEvent>(deps, topics.presence(agent.organizationId), signal, "subscribing to presence");
}

/** Events for this agent only (mentions in notes). */
export function streamPersonal(deps: Deps, agent: AgentIdentity, signal: AbortSignal): AsyncGenerator<PersonalEvent> {
  return streamTopic<PersonalEvent>(deps, topics.agent(agent.userId), signal, "subscribing to the agent's events");
}

/**
 * Conversation list changes for the agent's organization, within the agent's teams (the scope is read when the
 * stream starts). Over this node's WebSocket (`lean`, claimed by the router) the node's inbox fan-out writes the
 * frames (inbox-fanout.ts) and this only waits for the end; elsewhere (SSE, a server-side caller) the events are yielded.
 */
export async function* streamInbox(
  deps: Deps,
  agent: AgentIdentity,
  signal: AbortSignal,
  lean: LeanSubscription | null,
): AsyncGenerator<InboxEvent> {
  const scope = await retryUntilAborted(deps, signal, "reading the agent's teams", () => teamScopeOf(deps, agent));
  if (lean) {
    const fanout = inboxFanoutFor(deps.bus);
    await retryUntilAborted(deps, signal, "subscribing to the inbox", () => fanout.watch(agent.organizationId, scope, lean, signal));
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    return;
  }
  for await (const event of streamTopic<InboxEvent>(deps, topics.inbox(agent.organizationId), signal, "subscribing to the inbox")) {
    if (isInScope(scope, event.conversation)) yield event;
  }
}

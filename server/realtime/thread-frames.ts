import { encodedJsonOf } from "../bus/bus.ts";
import type { AgentMessage } from "../contracts/messages.ts";
import type { Deps } from "../domain/deps.ts";
import { authorNameBook } from "../domain/messages/author-names.ts";
import { isVisibleToVisitor } from "../domain/messages/message-dto.ts";
import type { LeanSubscription } from "./lean-subscriptions.ts";
import { watchThread, type ThreadWatchInput } from "./thread-watch.ts";

/**
 * A thread subscription over this node's WebSocket, written as frames by the thread watch's callback
 * (thread-watch.ts) instead of yielded through tRPC's per-subscription loop: the same tracked frames, the seq as the
 * event id, so the client's lastEventId on reconnect works as before (lean-subscriptions.ts). Resolves when the
 * subscription ends.
 */

/** The agent's view: every message as it travelled on the bus, so the bytes are the bus's own — no encode at all. */
export function watchAgentThreadFrames(deps: Deps, input: ThreadWatchInput, lean: LeanSubscription): Promise<void> {
  return watchThread(deps, input, (message) => lean.sendTracked(String(message.seq), encodedJsonOf(message) ?? JSON.stringify(message)));
}

/**
 * The visitor's view of one event, encoded once per node: every visitor tab on this node watching the conversation
 * gets the same bytes (the event object is shared by the bus's local subscribers). Replayed rows are the watcher's
 * own objects and are simply encoded.
 */
const visitorJson = new WeakMap<AgentMessage, string>();

/** The visitor's view: no private notes, each agent's message with the agent's name (authorNameBook). */
export function watchVisitorThreadFrames(deps: Deps, input: ThreadWatchInput, lean: LeanSubscription): Promise<void> {
  const names = authorNameBook(deps, input.organizationId);
  const send = (message: AgentMessage, json: string) => {
    if (encodedJsonOf(message) !== undefined) visitorJson.set(message, json);
    lean.sendTracked(String(message.seq), json);
  };
  return watchThread(deps, input, (message) => {
    if (!isVisibleToVisitor(message)) return;
    const encoded = visitorJson.get(message);
    if (encoded !== undefined) return lean.sendTracked(String(message.seq), encoded);
    const ready = names.ready(message);
    if (ready) return send(message, JSON.stringify(ready));
    // An agent's name not looked up yet: the watch holds what follows until it is.
    return names.all([message]).then(([named]) => send(message, JSON.stringify(named)));
  });
}

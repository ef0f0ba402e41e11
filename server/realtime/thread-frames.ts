import { encodedJsonOf } from "../bus/bus.ts";
import type { AgentMessage } from "../contracts/messages.ts";
import type { Deps } from "../domain/deps.ts";
import { authorNameBook } from "../domain/messages/author-names.ts";
import { isVisibleToVisitor } from "../domain/messages/message-dto.ts";
import { type LeanSubscription, trackedFrameRest } from "./lean-subscriptions.ts";
import { watchThread, type ThreadWatchInput } from "./thread-watch.ts";
import type { SharedBytes } from "./ws-frames.ts";

/**
 * A thread subscription over this node's WebSocket, written as frames by the thread watch's callback
 * (thread-watch.ts) instead of yielded through tRPC's per-subscription loop: the same tracked frames, the seq as the
 * event id, so the client's lastEventId on reconnect works as before (lean-subscriptions.ts). Resolves when the
 * subscription ends.
 *
 * Each view's frame bytes are made once per event and node: every socket on this node watching the conversation gets
 * the same bytes (the event object is shared by the bus's local subscribers). Replayed rows are the watcher's own
 * objects and are simply encoded.
 */
const agentFrames = new WeakMap<AgentMessage, SharedBytes>();
const visitorFrames = new WeakMap<AgentMessage, SharedBytes>();

/** The agent's view: every message as it travelled on the bus, so the JSON is the bus's own — no encode at all. */
export function watchAgentThreadFrames(deps: Deps, input: ThreadWatchInput, lean: LeanSubscription): Promise<void> {
  return watchThread(deps, input, (message) => {
    const json = encodedJsonOf(message);
    if (json === undefined) return lean.send(trackedFrameRest(String(message.seq), JSON.stringify(message)));
    let rest = agentFrames.get(message);
    if (!rest) {
      rest = trackedFrameRest(String(message.seq), json);
      agentFrames.set(message, rest);
    }
    lean.send(rest);
  });
}

/** The visitor's view: no private notes, each agent's message with the agent's name (authorNameBook). */
export function watchVisitorThreadFrames(deps: Deps, input: ThreadWatchInput, lean: LeanSubscription): Promise<void> {
  const names = authorNameBook(deps, input.organizationId);
  const send = (message: AgentMessage, json: string) => {
    const rest = trackedFrameRest(String(message.seq), json);
    if (encodedJsonOf(message) !== undefined) visitorFrames.set(message, rest);
    lean.send(rest);
  };
  return watchThread(deps, input, (message) => {
    if (!isVisibleToVisitor(message)) return;
    const encoded = visitorFrames.get(message);
    if (encoded !== undefined) return lean.send(encoded);
    const ready = names.ready(message);
    if (ready) return send(message, JSON.stringify(ready));
    // An agent's name not looked up yet: the watch holds what follows until it is.
    return names.all([message]).then(([named]) => send(message, JSON.stringify(named)));
  });
}

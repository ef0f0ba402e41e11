import { topics } from "../../bus/topics.ts";
import type { AgentMessage } from "../../contracts/messages.ts";
import type { ConversationSignal } from "../../contracts/signals.ts";
import { parseThreadEvent } from "../../contracts/thread-events.ts";
import type { Deps } from "../deps.ts";

/** Publishes the growing reply on the conversation's signal topic; a lost signal is made up by the next one. */
export function partialPublisher(deps: Deps, conversationId: string, replyId: string) {
  const topic = topics.conversationSignals(conversationId);
  const publish = (text: string, done: boolean) => {
    const signal: ConversationSignal = { kind: "botPartial", conversationId, replyId, text, done };
    return deps.bus.publish(topic, signal).catch((error: unknown) => deps.log.warn("bot partial publish failed", { error: String(error) }));
  };
  return {
    update: (text: string) => void publish(text, false),
    /** `finalText` null: the reply was dropped (an agent joined, or the LLM failed), the widget removes it. */
    finish: (finalText: string | null) => publish(finalText ?? "", true),
  };
}

/**
 * Aborts `controller` as soon as an agent joins: an agent's message, or a state event leaving "bot", on the
 * conversation's topic. Resolves to a function that ends the watch.
 */
export async function watchForAgent(deps: Deps, conversationId: string, controller: AbortController): Promise<() => void> {
  const watch = new AbortController();
  await deps.bus.subscribe(
    topics.conversation(conversationId),
    (event) => {
      const message = event as Partial<AgentMessage>;
      if (message.senderKind === "agent") controller.abort();
      if (message.senderKind === "system" && message.type === "event" && typeof message.body === "string") {
        const line = parseThreadEvent(message.body);
        // The bot's own hand-off moves it to the queue; anything else leaving "bot" means a person has it.
        if (line?.event === "state" && line.from === "bot") controller.abort();
      }
    },
    watch.signal,
  );
  return () => watch.abort();
}

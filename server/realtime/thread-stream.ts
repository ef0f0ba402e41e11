import type { AgentMessage } from "../contracts/messages.ts";
import type { Deps } from "../domain/deps.ts";
import { watchThread, type ThreadWatchInput } from "./thread-watch.ts";

export type ThreadStreamInput = ThreadWatchInput;

/**
 * A conversation's messages in seq order, each exactly once, as an async generator: the thread watch
 * (thread-watch.ts: subscribe, replay after `afterSeq`, live, holes repaired) for callers that pull — SSE, a
 * server-side caller, tests. Over this node's WebSocket the subscriptions write the watch's messages as frames
 * themselves (realtime/thread-frames.ts) and never come through here.
 */
export async function* streamThread(deps: Deps, input: ThreadStreamInput): AsyncGenerator<AgentMessage> {
  // Ends the watch when the caller stops pulling (return()) as well as when the signal aborts.
  const stop = new AbortController();
  const leave = () => stop.abort();
  input.signal.addEventListener("abort", leave, { once: true });
  let buffered: AgentMessage[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: { error: unknown } | null = null;
  const watching = watchThread(deps, { ...input, signal: stop.signal }, (message) => {
    buffered.push(message);
    wake?.();
  }).then(
    () => {
      ended = true;
      wake?.();
    },
    (error: unknown) => {
      failure = { error };
      wake?.();
    },
  );
  try {
    for (;;) {
      while (buffered.length === 0 && !ended && !failure) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended || stop.signal.aborted) return;
      const messages = buffered;
      buffered = [];
      yield* messages;
    }
  } finally {
    input.signal.removeEventListener("abort", leave);
    stop.abort();
    await watching;
  }
}

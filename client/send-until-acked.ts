import { reconnectDelayMs } from "./links/reconnect-policy.ts";
import { isRetryable } from "./thread.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Makes one send until the server acknowledges it: again after a lost socket, a server fault or a budget refusal, with
 * jittered backoff; at once rejected when the server refused it for good (a bad input, no access). The caller gives
 * the message its clientMsgId once, so a retry of a send that did arrive is stored once (the server answers
 * `duplicate`). Used by the visitor client (widget/sdk.ts) and the agent's composer (app/inbox/conversation-pane.tsx).
 */
export async function sendUntilAcked<Ack>(attempt: () => Promise<Ack>, wait: (ms: number) => Promise<unknown> = sleep): Promise<Ack> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      await wait(reconnectDelayMs(Math.min(tries, 5)));
    }
  }
}

import type { Deps } from "../deps.ts";
import { runBotTurn, type BotTurnInput } from "./run-bot-turn.ts";

/**
 * The bot answers after the visitor's send is acked: the send path starts a turn and does not wait for it. Turns in
 * flight are kept here so a test (or a graceful shutdown) can wait for them.
 */
const running = new Set<Promise<unknown>>();

export function startBotTurn(deps: Deps, input: BotTurnInput): void {
  const turn: Promise<unknown> = runBotTurn(deps, input)
    .catch((error: unknown) => deps.log.error("bot turn failed", { conversationId: input.conversationId, error: String(error) }))
    .finally(() => running.delete(turn));
  running.add(turn);
}

export async function settleBotTurns(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}

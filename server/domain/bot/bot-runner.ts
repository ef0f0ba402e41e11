import type { Deps } from "../deps.ts";
import { runBotTurn, type BotTurnInput } from "./run-bot-turn.ts";

/**
 * Bot work that must not hold up the request that caused it: the answer to a visitor's message (after the send is
 * acked), a summary after a transfer or resolve. Work in flight is kept here so a test (or a graceful shutdown) can
 * wait for it.
 */
const running = new Set<Promise<unknown>>();

export function startInBackground(deps: Deps, label: string, context: Record<string, unknown>, work: () => Promise<unknown>): void {
  const task: Promise<unknown> = work()
    .catch((error: unknown) => deps.log.error(`${label} failed`, { ...context, error: String(error) }))
    .finally(() => running.delete(task));
  running.add(task);
}

export function startBotTurn(deps: Deps, input: BotTurnInput): void {
  startInBackground(deps, "bot turn", { conversationId: input.conversationId }, () => runBotTurn(deps, input).then((outcome) => deps.metrics?.botTurn(outcome)));
}

export async function settleBotTurns(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}

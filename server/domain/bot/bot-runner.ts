import type { Deps } from "../deps.ts";
import { runBotTurn, type BotTurnInput } from "./run-bot-turn.ts";

/**
 * Bot work that must not hold up the request that caused it: the answer to a visitor's message (after the send is
 * acked), a summary after a transfer or resolve. One per process (Deps.background, built by server/services.ts);
 * work in flight is kept so a test or a graceful shutdown can wait for it.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>();

  start(deps: Deps, label: string, context: Record<string, unknown>, work: () => Promise<unknown>): void {
    const task: Promise<unknown> = work()
      .catch((error: unknown) => deps.log.error(`${label} failed`, { ...context, error: String(error) }))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once nothing is running, including work started while waiting. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

export function startInBackground(deps: Deps, label: string, context: Record<string, unknown>, work: () => Promise<unknown>): void {
  deps.background.start(deps, label, context, work);
}

export function startBotTurn(deps: Deps, input: BotTurnInput): void {
  startInBackground(deps, "bot turn", { conversationId: input.conversationId }, () =>
    runBotTurn(deps, input).then((outcome) => deps.metrics?.botTurn(outcome)),
  );
}

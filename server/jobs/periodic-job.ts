import type { Deps } from "../domain/deps.ts";

/**
 * Runs `run` every `everyMs` on this node, never two runs at once, logging failures instead of throwing. Every node
 * runs the same jobs: each one claims its work with a compare-and-set, so running twice never acts twice.
 * Returns the function that stops it.
 */
export function startPeriodicJob(deps: Deps, job: { name: string; everyMs: number; run: () => Promise<unknown> }): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await job.run();
    } catch (error) {
      deps.log.error(`${job.name} failed`, { error: String(error) });
    } finally {
      running = false;
    }
  }, job.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

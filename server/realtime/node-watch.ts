import { topics } from "../bus/topics.ts";
import type { Deps } from "../domain/deps.ts";
import type { NodeEvent, NodeInfo } from "../nodes/node-registry.ts";
import { byStart } from "../nodes/memory.ts";
import { retryUntilAborted } from "./retry-until-aborted.ts";

/** Past this, the registry is read again: it is what notices a killed node (whose entry expired), which says nothing. */
export const nodeRefreshMs = 5_000;

/**
 * The cluster's serving nodes as they change: the registry's list at once, then a new list the moment a node says
 * on the bus that it joined or left (server/realtime/node-announcer.ts), and a fresh read every `refreshMs` and after
 * the bus was lost (for nodes that died without a word, and for the load figures they refresh).
 */
export async function* watchNodes(deps: Deps, signal: AbortSignal, refreshMs = nodeRefreshMs): AsyncGenerator<NodeInfo[]> {
  const nodes = new Map<string, NodeInfo>();
  // Events are applied after any registry read that may have started before them, in the order they came.
  let pending: NodeEvent[] = [];
  let reread = true;
  let wake: (() => void) | null = null;
  const poke = () => wake?.();
  signal.addEventListener("abort", poke, { once: true });
  await retryUntilAborted(deps, signal, "subscribing to node announcements", () =>
    deps.bus.subscribe(
      topics.nodes(),
      (event) => {
        pending.push(event as NodeEvent);
        poke();
      },
      signal,
      {
        onResume: () => {
          reread = true;
          poke();
        },
      },
    ),
  );
  while (!signal.aborted) {
    if (reread) {
      reread = false;
      const listed = await retryUntilAborted(deps, signal, "reading the node registry", () => deps.nodes.list());
      nodes.clear();
      for (const node of listed) nodes.set(node.id, node);
    }
    for (const event of pending) {
      if (event.type === "up") nodes.set(event.node.id, event.node);
      else if (event.type === "down") nodes.delete(event.id);
    }
    pending = [];
    yield [...nodes.values()].sort(byStart);
    const timer = setTimeout(() => {
      reread = true;
      poke();
    }, refreshMs);
    while (pending.length === 0 && !reread && !signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
    clearTimeout(timer);
    wake = null;
  }
}

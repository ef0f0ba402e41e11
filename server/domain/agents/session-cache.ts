import { topics } from "../../bus/topics.ts";
import type { Deps } from "../deps.ts";
import { parseAccessChange, type AccessChange } from "./access-change.ts";
import type { AgentIdentity } from "./agent-identity.ts";
import { authenticateSessionId } from "./sessions.ts";

export type SessionCacheOptions = {
  /** How long a session read from the database is trusted without a push; bounds staleness if a push is lost. */
  ttlMs: number;
  /** Sessions remembered per process; past it the oldest go first. */
  maxEntries: number;
};

export const sessionCacheDefaults: SessionCacheOptions = { ttlMs: 60_000, maxEntries: 50_000 };

export type SessionCache = {
  /** The agent behind a session (by its stored hash), or null: from memory when known, else one database read. */
  resolve(sessionId: string): Promise<AgentIdentity | null>;
  /**
   * Called for each access change on any node, after the cache forgot the sessions it hits; with null when the bus
   * came back after a loss (changes may have been missed, so every session is re-checked).
   */
  onChange(listener: (change: AccessChange | null) => void): () => void;
  /** Resolves once the node listens for changes; until then every resolve reads the database. */
  ready: Promise<void>;
  close(): void;
};

type Entry = { agent: AgentIdentity | null; checkedAt: number };

/**
 * Per-process memory of who is behind each agent session, so a socket's connect and each of its calls cost no
 * database read. It is kept true by the `access` topic: logout, deactivation, role and password changes and
 * revocations are pushed by every node that makes them (server/domain/agents/access-change.ts). Unknown tokens are
 * remembered too (as null): tokens are random, so one that was unknown never becomes valid.
 */
export function createSessionCache(deps: Deps, options: Partial<SessionCacheOptions> = {}): SessionCache {
  const { ttlMs, maxEntries } = { ...sessionCacheDefaults, ...options };
  const entries = new Map<string, Entry>();
  const reading = new Map<string, Promise<AgentIdentity | null>>();
  const listeners = new Set<(change: AccessChange | null) => void>();
  // A read that started before a change must not store what it read after the change dropped the entry.
  let generation = 0;
  const abort = new AbortController();

  const forget = (change: AccessChange | null) => {
    generation++;
    if (!change) entries.clear();
    else {
      for (const [sessionId, entry] of entries) {
        if (
          change.sessionId === sessionId ||
          (entry.agent && change.userId === entry.agent.userId && change.exceptSessionId !== sessionId)
        ) {
          entries.delete(sessionId);
        }
      }
    }
    for (const listener of listeners) listener(change);
  };

  // Until the node hears access changes, nothing is trusted from memory: every resolve reads the database. Once it
  // hears them, every open socket is checked again, in case a change came before.
  let live = false;
  const listen = (): Promise<void> =>
    deps.bus
      .subscribe(
        topics.access(),
        (event) => {
          const change = parseAccessChange(event);
          if (change) forget(change);
        },
        abort.signal,
        { onResume: () => forget(null) },
      )
      .then(
        () => {
          live = true;
          forget(null);
        },
        async (error) => {
          if (abort.signal.aborted) return;
          deps.log.warn("listening for session changes failed; retrying", { error: String(error) });
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return listen();
        },
      );
  const ready = listen();

  async function read(sessionId: string): Promise<AgentIdentity | null> {
    const startedAt = generation;
    const agent = await authenticateSessionId(deps, sessionId);
    // A change arrived meanwhile: what was read may predate it, so read again rather than hand it out.
    if (startedAt !== generation) return read(sessionId);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(sessionId, { agent, checkedAt: Date.now() });
    return agent;
  }

  return {
    async resolve(sessionId) {
      if (!live) return authenticateSessionId(deps, sessionId);
      const entry = entries.get(sessionId);
      if (entry && Date.now() - entry.checkedAt < ttlMs) return entry.agent;
      // One agent's tabs reconnecting together share one read.
      let pending = reading.get(sessionId);
      if (!pending) {
        pending = read(sessionId).finally(() => reading.delete(sessionId));
        reading.set(sessionId, pending);
      }
      return pending;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    close() {
      abort.abort();
      listeners.clear();
      entries.clear();
    },
  };
}

import { windowSize, windowTtlSeconds, type WindowRead } from "./bus.ts";

const maxWindows = 10_000;

type Window = { entries: Map<number, unknown>; expiresAt: number };

/**
 * The in-process replay window of the embedded default: the same bounds as Redis (last windowSize events, expiring),
 * and at most maxWindows conversations, the least recently written going first. A restart empties it, so every
 * read after one is null and the reader goes to the database.
 */
export function createMemoryWindows(now: () => number = Date.now) {
  const windows = new Map<string, Window>();

  return {
    append(key: string, seq: number, event: unknown): void {
      const window = windows.get(key) ?? { entries: new Map<number, unknown>(), expiresAt: 0 };
      windows.delete(key);
      windows.set(key, window);
      window.entries.set(seq, event);
      window.expiresAt = now() + windowTtlSeconds * 1000;
      const top = Math.max(...window.entries.keys());
      for (const stored of window.entries.keys()) if (stored <= top - windowSize) window.entries.delete(stored);
      if (windows.size > maxWindows) windows.delete(windows.keys().next().value!);
    },

    read(key: string, afterSeq: number): WindowRead | null {
      const window = windows.get(key);
      if (!window || window.expiresAt <= now()) return null;
      const seqs = [...window.entries.keys()].sort((a, b) => a - b);
      return {
        events: seqs.filter((seq) => seq > afterSeq).map((seq) => window.entries.get(seq)),
        firstSeq: seqs[0]!,
        lastSeq: seqs.at(-1)!,
      };
    },

    clear(): void {
      windows.clear();
    },
  };
}

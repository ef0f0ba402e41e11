/**
 * Whether this page's connection to the server is up, as people should see it: "down" 1 s after the socket closed
 * (a blip that heals sooner stays silent) or at once when the browser says it went offline, "up" as soon as a socket
 * opens again. Framework-free: the widget panel and the inbox both read it.
 */
export type LinkState = "up" | "down";

const showAfterMs = 1000;

export function linkStateStore() {
  let state: LinkState = "up";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(state: LinkState) => void>();
  const reconnected = new Set<() => void>();
  let lost = false;
  const set = (next: LinkState) => {
    clearTimeout(timer);
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener(state);
  };
  if (typeof window !== "undefined") window.addEventListener("offline", () => set("down"));
  return {
    /** Wire into the transport's onLink. */
    report(up: boolean) {
      if (up) {
        set("up");
        if (lost) for (const listener of reconnected) listener();
        lost = false;
        return;
      }
      lost = true;
      clearTimeout(timer);
      if (state === "up") timer = setTimeout(() => set("down"), showAfterMs);
    },
    get: () => state,
    /** Every socket that opens after one was lost, however short the loss. */
    onReconnect(listener: () => void) {
      reconnected.add(listener);
      return () => void reconnected.delete(listener);
    },
    subscribe(listener: (state: LinkState) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The agent's page has one connection (client/agent-trpc.ts), so one store. */
export const agentLink = linkStateStore();

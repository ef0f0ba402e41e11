import { ulid } from "ulid";
import { pendingItem } from "@/client/thread";
import type { Live } from "./live.ts";
import type { Panel } from "./state.ts";
import { tabStorage } from "./storage.ts";
import type { View } from "./view.ts";

/**
 * The composer: Enter sends, messages queue in order (typed while offline, they go out one after another with their
 * ids once the link is back), typing (and, when the site allows, the draft) reaches the agent, and the draft survives
 * the next page of the site in this tab.
 */
export function setupComposer(panel: Panel, view: View, live: Live) {
  const { boot, state, shell, connection, tabs } = panel;
  const draftKey = `parley:draft:${boot.siteKey}`;
  let sending: Promise<void> = Promise.resolve();
  let lastTypingAt = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  async function deliver(clientMsgId: string, body: string) {
    try {
      const fresh = state.startFresh;
      const ack = await connection.send(body, clientMsgId, { fresh });
      if (fresh) state.startFresh = false;
      if (ack.conversationId !== state.currentConversationId || !state.stopThread) {
        live.followConversation(ack.conversationId, (item) => item.seq === 0 || item.clientMsgId === clientMsgId);
        tabs.postMessage("switched");
      }
      live.subscribeSignals();
      tabs.postMessage("thread");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      state.items = state.items.map((item) => (item.clientMsgId === clientMsgId ? { ...item, status: "failed", error: message } : item));
      view.renderThread();
    }
  }

  function send() {
    const body = shell.input.value.trim();
    if (!body) return;
    shell.input.value = "";
    tabStorage.set(draftKey, "");
    signalTyping(true);
    const clientMsgId = ulid();
    state.items = [...state.items, pendingItem(clientMsgId, body, "visitor")];
    shell.scroller.scrollTop = shell.scroller.scrollHeight;
    view.renderThread();
    shell.scroller.scrollTop = shell.scroller.scrollHeight;
    sending = sending.then(() => deliver(clientMsgId, body));
  }

  /** Typing (and, when the site allows, the draft itself) at most every 300 ms, with a trailing update. */
  function signalTyping(now = false) {
    clearTimeout(typingTimer);
    const wait = now ? 0 : 300 - (Date.now() - lastTypingAt);
    if (wait > 0) {
      typingTimer = setTimeout(() => signalTyping(), wait);
      return;
    }
    lastTypingAt = Date.now();
    const draft = shell.input.value;
    const input = { typing: draft.length > 0, ...(boot.settings.draftPreview ? { draft } : {}) };
    connection.trpc.visitor.typing.mutate(input).catch(() => {});
  }

  shell.form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  shell.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  shell.input.value = boot.preview ? "" : (tabStorage.get(draftKey) ?? "");
  shell.input.addEventListener("input", () => {
    tabStorage.set(draftKey, shell.input.value);
    signalTyping();
  });
}

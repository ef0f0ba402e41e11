import { lastSeqOf, pendingItem } from "@/client/thread";
import type { createBotStream } from "./bot-stream.ts";
import { labelBotRows } from "./bot-stream.ts";
import type { ConversationsView } from "./conversations.ts";
import { panelWords } from "./i18n.ts";
import type { offlineForm } from "./offline-form.ts";
import type { preChatForm } from "./prechat.ts";
import { renderQueueStatus } from "./queue-status.ts";
import type { ratingPrompt } from "./rating.ts";
import { messageRow } from "./render.ts";
import type { Panel } from "./state.ts";
import { threadRows } from "./thread-rows.ts";

export type ViewParts = {
  rating: ReturnType<typeof ratingPrompt>;
  offline: ReturnType<typeof offlineForm>;
  preChat: ReturnType<typeof preChatForm>;
  history: () => ConversationsView;
  botStream: ReturnType<typeof createBotStream>;
};

/** Draws the panel from its state: words, status line, which entry form shows, the thread, the unread count. */
export function createView(panel: Panel, parts: ViewParts) {
  const { boot, state, shell, link, connection, toHost } = panel;

  function unreadCount(): number {
    return state.items.filter((item) => item.senderKind !== "visitor" && item.senderKind !== "system" && item.seq > state.readSeq).length;
  }

  function renderWords() {
    const words = panelWords[state.locale];
    document.documentElement.lang = state.locale;
    renderStatus();
    shell.close.setAttribute("aria-label", words.close);
    shell.sound.setAttribute("aria-label", words.sound);
    shell.sound.setAttribute("aria-pressed", String(state.soundOn));
    shell.close.hidden = !boot.hostOrigin;
    shell.log.setAttribute("aria-label", words.messages);
    shell.label.textContent = words.composerLabel;
    shell.input.placeholder = words.placeholder;
    shell.send.textContent = words.send;
    shell.notice.textContent = words.reconnecting;
    shell.older.textContent = words.loadingOlder;
    renderQueueStatus(shell.queue, state.queueStatus, words);
    parts.history().render();
    if (!parts.rating.root.hidden) parts.rating.render();
    parts.offline.render();
    parts.preChat.render();
    renderThread();
  }

  function renderStatus() {
    const words = panelWords[state.locale];
    shell.status.textContent = state.online ? words.online : words.offline;
    shell.status.classList.toggle("online", state.online);
  }

  /**
   * Which entry the visitor sees: the offline form while nobody is online and they have not written (and have not
   * started filling the form in), else the pre-chat questions once, else the composer. Re-decided on every
   * availability change, so an agent coming online turns the form into the composer without a reload.
   */
  function showEntry() {
    if (!state.threadLoaded) return;
    const { offline, preChat } = parts;
    const written = state.items.some((item) => item.senderKind === "visitor");
    const formStarted = [...offline.form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input,textarea")].some(
      (field) => field.value !== "",
    );
    const composerStarted = shell.input.value !== "";
    const showOffline = !written && (offline.form.hidden ? !state.online && !composerStarted : !state.online || formStarted);
    const askFirst =
      !showOffline && !written && !state.preChatDone && !!boot.settings.preChat?.enabled && boot.settings.preChat.fields.length > 0;
    offline.form.hidden = !showOffline;
    preChat.form.hidden = !askFirst;
    shell.form.hidden = showOffline || askFirst;
  }

  function setOnline(next: boolean) {
    if (next === state.online) return;
    state.online = next;
    renderStatus();
    showEntry();
  }

  function renderThread() {
    const words = panelWords[state.locale];
    const nearBottom = shell.scroller.scrollHeight - shell.scroller.scrollTop - shell.scroller.clientHeight < 80;
    const greeting = boot.settings.greeting || words.welcome;
    const greetingRow = messageRow(pendingItem("greeting", greeting, "agent"), 0, words)!;
    greetingRow.dataset.testid = "greeting";
    const rows = threadRows(state.items, {
      agentReadSeq: state.agentReadSeq,
      words,
      locale: state.locale,
      linkDown: link.get() === "down",
    });
    shell.log.replaceChildren(
      ...(state.hasOlder ? [] : [greetingRow]),
      ...labelBotRows([...rows, ...parts.botStream.rows(words)], boot.bot),
    );
    shell.typing.textContent = state.agentTyping ? words.typing : "";
    shell.older.hidden = !state.loadingOlder;
    parts.rating.update(state.items);
    if (nearBottom) shell.scroller.scrollTop = shell.scroller.scrollHeight;
  }

  /** Reads everything shown when the panel is open and the page visible, and tells the host how many remain unread. */
  function updateUnread() {
    const newest = lastSeqOf(state.items.filter((item) => item.senderKind !== "visitor"));
    if (state.open && document.visibilityState === "visible" && newest > state.readSeq) {
      state.readSeq = newest;
      connection.trpc.visitor.markRead.mutate({ seq: newest }).catch(() => {});
    }
    toHost("unread", { count: unreadCount() });
  }

  return { unreadCount, renderWords, renderStatus, showEntry, setOnline, renderThread, updateUnread };
}

export type View = ReturnType<typeof createView>;

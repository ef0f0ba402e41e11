import type { ConversationSignal } from "@/server/contracts/signals";
import type { VisitorMessage } from "@/server/contracts/messages";
import { lastSeqOf, mergeIntoThread, type ThreadItem } from "@/client/thread";
import { previewText } from "./attachments.ts";
import type { createBotStream } from "./bot-stream.ts";
import { panelWords } from "./i18n.ts";
import { leftQueue, renderQueueStatus } from "./queue-status.ts";
import type { Panel } from "./state.ts";
import { tabStorage } from "./storage.ts";
import type { View } from "./view.ts";

/**
 * The panel's live side: the current conversation's thread and signals (typing, read marks, availability, queue
 * place), following a switch to another conversation, loading older messages on scroll-up, keeping the scroll
 * position, and starting a new conversation.
 */
export function createLive(panel: Panel, view: View, botStream: ReturnType<typeof createBotStream>, chime: () => void) {
  const { boot, state, shell, connection, toHost } = panel;
  /** Where the visitor had scrolled survives the next page of the site in this tab (the draft does too: composer.ts). */
  const scrollKey = `parley:scroll:${boot.siteKey}`;

  function receive(message: VisitorMessage) {
    const known = state.items.some((item) => item.clientMsgId === message.clientMsgId && item.seq > 0);
    state.items = mergeIntoThread(state.items, [message]);
    botStream.settle(message.clientMsgId);
    if (state.queueStatus && leftQueue(message)) {
      state.queueStatus = null;
      renderQueueStatus(shell.queue, null, panelWords[state.locale]);
    }
    if (!known && message.senderKind !== "visitor" && message.senderKind !== "system") {
      state.agentTyping = false;
      toHost("message", { senderKind: message.senderKind, body: previewText(message) });
      chime();
    }
    view.renderThread();
    view.updateUnread();
  }

  function onSignal(signal: ConversationSignal) {
    if (botStream.handle(signal)) return;
    if (signal.kind === "queue") {
      state.queueStatus = signal.status;
      return renderQueueStatus(shell.queue, signal.status, panelWords[state.locale]);
    }
    if (signal.kind === "availability") return view.setOnline(signal.online);
    if (signal.kind === "typing" && signal.from === "agent") state.agentTyping = signal.typing;
    else if (signal.kind === "read" && signal.by === "agent") state.agentReadSeq = Math.max(state.agentReadSeq, signal.seq);
    else return;
    view.renderThread();
  }

  /**
   * Availability, agent typing and read marks. Before the visitor's first message the stream carries availability
   * only; once the conversation exists (`forConversation`) it is restarted to carry that conversation's signals too.
   */
  function subscribeSignals(forConversation = true) {
    if (state.signalSubscription && (state.signalSubscription.forConversation || !forConversation)) return;
    state.signalSubscription?.unsubscribe();
    const forget = () => {
      if (state.signalSubscription === current) state.signalSubscription = null;
    };
    const current: { forConversation: boolean; unsubscribe: () => void } = {
      forConversation,
      unsubscribe: connection.trpc.visitor.onSignals.subscribe(undefined, {
        onData: onSignal,
        onComplete: forget,
        onError: forget,
      }).unsubscribe,
    };
    state.signalSubscription = current;
  }

  /** Follows the conversation the visitor now writes into: its own live thread and signals, from its first seq. */
  function followConversation(conversationId: string, keep: (item: ThreadItem) => boolean) {
    const switched = state.currentConversationId !== null && state.currentConversationId !== conversationId;
    state.currentConversationId = conversationId;
    if (!switched && state.stopThread) return;
    state.stopThread?.();
    state.items = state.items.filter(keep);
    state.hasOlder = false;
    state.readSeq = 0;
    state.agentReadSeq = 0;
    state.queueStatus = null;
    renderQueueStatus(shell.queue, null, panelWords[state.locale]);
    state.signalSubscription?.unsubscribe();
    state.signalSubscription = null;
    state.stopThread = connection.onMessage(0, receive);
    view.renderThread();
  }

  /** "New conversation": an empty thread; the next message starts a new conversation on the server. */
  function startNewConversation() {
    state.stopThread?.();
    state.stopThread = null;
    state.items = [];
    state.hasOlder = false;
    state.startFresh = true;
    shell.form.hidden = false;
    view.renderThread();
    shell.input.focus();
  }

  async function loadOlder() {
    const first = state.items.find((item) => item.seq > 0);
    if (!state.hasOlder || state.loadingOlder || !first) return;
    state.loadingOlder = true;
    view.renderThread();
    try {
      const page = await connection.trpc.visitor.thread.query({ beforeSeq: first.seq, limit: 30 });
      const before = shell.scroller.scrollHeight;
      state.hasOlder = page.hasOlder;
      state.items = mergeIntoThread(state.items, page.messages);
      state.loadingOlder = false;
      view.renderThread();
      shell.scroller.scrollTop += shell.scroller.scrollHeight - before;
    } catch {
      state.loadingOlder = false;
      view.renderThread();
    }
  }

  /** Loads the current conversation's latest page and follows it live (at start, and when another tab switched). */
  function loadCurrent(first = false) {
    return connection.trpc.visitor.thread
      .query({ limit: 30 })
      .then((page) => {
        if (!first && page.conversationId === state.currentConversationId) return;
        state.stopThread?.();
        state.stopThread = null;
        if (!first) state.items = state.items.filter((item) => item.seq === 0);
        state.currentConversationId = page.conversationId;
        state.hasOlder = page.hasOlder;
        state.readSeq = page.visitorReadSeq;
        state.agentReadSeq = page.agentReadSeq;
        state.items = mergeIntoThread(state.items, page.messages);
        view.renderThread();
        if (first) {
          const savedScroll = tabStorage.get(scrollKey);
          shell.scroller.scrollTop = savedScroll ? Number(savedScroll) : shell.scroller.scrollHeight;
          state.threadLoaded = true;
          view.showEntry();
          shell.root.dataset.ready = "true";
        } else {
          shell.scroller.scrollTop = shell.scroller.scrollHeight;
        }
        state.stopThread = connection.onMessage(lastSeqOf(state.items), receive);
        if (!boot.preview) {
          // Another conversation's signals: the stream is bound to the conversation it started with.
          if (!first && page.conversationId) {
            state.signalSubscription?.unsubscribe();
            state.signalSubscription = null;
          }
          subscribeSignals(!!page.conversationId);
        }
        if (first) toHost("ready", { unread: view.unreadCount() });
        view.updateUnread();
      })
      .catch(() => {});
  }

  let scrollSaved = 0;
  shell.scroller.addEventListener("scroll", () => {
    cancelAnimationFrame(scrollSaved);
    scrollSaved = requestAnimationFrame(() => {
      const atBottom = shell.scroller.scrollHeight - shell.scroller.scrollTop - shell.scroller.clientHeight < 80;
      tabStorage.set(scrollKey, atBottom ? "" : String(Math.round(shell.scroller.scrollTop)));
    });
  });
  shell.scroller.addEventListener("scroll", () => {
    if (shell.scroller.scrollTop < 40) void loadOlder();
  });

  return { subscribeSignals, followConversation, startNewConversation, loadOlder, loadCurrent };
}

export type Live = ReturnType<typeof createLive>;

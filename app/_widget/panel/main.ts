import { ulid } from "ulid";
import type { ConversationSignal } from "@/server/contracts/signals";
import type { QueueStatus } from "@/server/contracts/queue";
import type { VisitorMessage } from "@/server/contracts/messages";
import { linkStateStore } from "@/app/_lib/link-state";
import { lastSeqOf, mergeIntoThread, pendingItem, type ThreadItem } from "@/app/_lib/thread";
import { envelope, hostEventTypes, localeOf, readEnvelope, type FrameEvents, type HostEvents, type Locale } from "../protocol.ts";
import { createVisitorClient } from "../client.ts";
import { deviceIdFor } from "./storage.ts";
import { panelWords } from "./i18n.ts";
import { messageRow } from "./render.ts";
import { threadRows } from "./thread-rows.ts";
import { createBotStream, labelBotRows } from "./bot-stream.ts";
import { offlineForm } from "./offline-form.ts";
import { preChatForm, type PreChatField } from "./prechat.ts";
import { ratingPrompt } from "./rating.ts";
import { buildShell } from "./shell.ts";
import { leftQueue, renderQueueStatus } from "./queue-status.ts";
import { previewText, setupAttachments, type AttachmentPolicy } from "./attachments.ts";
import { setupEmoji } from "./emoji.ts";
import { panelStorage, tabStorage } from "./storage.ts";
import { previewClient } from "./preview-client.ts";
import { conversationsView } from "./conversations.ts";

/**
 * The chat panel inside the widget's frame (and the H5 page). Framework-free to stay small: it keeps the thread in
 * memory, renders it into a plain list, and talks to the host page only through the versioned postMessage protocol.
 */
export type Boot = {
  siteKey: string;
  siteName: string;
  hostOrigin: string | null;
  online: boolean;
  locale: Locale;
  deviceId: string | null;
  /** The dashboard's preview of unsaved settings: no session is opened, nothing is sent. */
  preview?: boolean;
  settings: {
    color: string;
    greeting: string;
    agentName: string;
    agentAvatarUrl?: string;
    draftPreview: boolean;
    offlineMessage?: string;
    attachments?: AttachmentPolicy;
    preChat?: { enabled: boolean; fields: PreChatField[] };
  };
  /** The site's bot, when it has one: its replies carry its name and avatar. */
  bot: { name: string; avatarUrl: string | null } | null;
};

const boot = JSON.parse(document.getElementById("parley-boot")!.textContent!) as Boot;
/** Tells this visitor's other tabs that the conversation now exists, so they subscribe too. */
const tabs = new BroadcastChannel(`parley:${boot.siteKey}`);

let locale = boot.locale;
let items: ThreadItem[] = [];
let hasOlder = false;
let loadingOlder = false;
let agentReadSeq = 0;
let readSeq = 0;
let open = !boot.hostOrigin;
/** Whether any agent is online: from the page at load, then live from the signal stream ("availability"). */
let online = boot.online;
/** The visitor answered the pre-chat questions in this page (the composer then stays). */
let preChatDone = false;
/** The thread has loaded: only then is it known whether the visitor has written before. */
let threadLoaded = false;
let agentTyping = false;
/** The visitor's place in the team's queue, pushed live on the signal stream; null when not waiting. */
let queueStatus: QueueStatus | null = null;
let soundOn = panelStorage.get("parley:sound") !== "off";
let audio: AudioContext | null = null;
let signalSubscription: { unsubscribe: () => void; forConversation: boolean } | null = null;
let sending: Promise<void> = Promise.resolve();
/** The connection as the visitor sees it: a calm notice 1 s into a loss, and pending messages marked as waiting. */
const link = linkStateStore();
link.subscribe((state) => {
  shell.notice.hidden = state === "up";
  renderThread();
});
let lastTypingAt = 0;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
/** The conversation shown and written into; a send acked into another one (a new conversation) switches to it. */
let currentConversationId: string | null = null;
let stopThread: (() => void) | null = null;
/** Set by "New conversation": the next message starts one. */
let startFresh = false;

const bootQuery = new URLSearchParams(location.search);
/** Only what the session call accepts, so an odd referrer never makes the site refuse the visitor. */
function reportedUrl(url: string): string | undefined {
  return /^https?:\/\//.test(url) && url.length <= 2048 ? url : undefined;
}

const shell = buildShell(boot, () => toHost("close", {}));
// CSAT once the chat is resolved (panel/rating.ts); it sits above the composer.
const rating = ratingPrompt(
  () => locale,
  (score, comment) => connection.trpc.visitor.rate.mutate({ score, ...(comment.trim() ? { comment } : {}) }).then(() => undefined),
);
shell.root.insertBefore(rating.root, shell.form);
// Nobody online and nothing written yet: the offline form stands in for the composer (panel/offline-form.ts).
const offline = offlineForm(
  () => locale,
  async (left) => {
    const ack = await connection.trpc.visitor.leaveMessage.mutate(left);
    items = mergeIntoThread(items, [{ id: ack.id, seq: ack.seq, clientMsgId: left.clientMsgId, senderKind: "visitor", type: "text", body: left.body, createdAt: new Date().toISOString() }]);
    connection.resume();
    subscribeSignals(true);
    tabs.postMessage("thread");
    renderThread();
    showEntry();
  },
  boot.settings.offlineMessage ?? "",
);
shell.root.insertBefore(offline.form, shell.form);
// The site's questions before the first message (panel/prechat.ts); answered once, then the composer.
const preChat = preChatForm(
  boot.settings.preChat?.enabled ? boot.settings.preChat.fields : [],
  () => locale,
  async (answers) => {
    await connection.trpc.visitor.preChat.mutate({ answers });
    preChatDone = true;
    showEntry();
    shell.input.focus();
  },
);
shell.root.insertBefore(preChat.form, shell.form);
const botStream = createBotStream((id) => items.some((item) => item.clientMsgId === id && item.seq > 0), () => renderThread());
const connection = boot.preview
  ? previewClient(() => panelWords[locale].previewOnly)
  : createVisitorClient({
      baseUrl: location.origin,
      siteKey: boot.siteKey,
      deviceId: deviceIdFor(boot.siteKey, boot.deviceId),
      page: reportedUrl(bootQuery.get("page") ?? document.referrer),
      referrer: reportedUrl(bootQuery.get("ref") ?? ""),
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      language: navigator.language,
      onLink: link.report,
      onFatal: (message) => {
        shell.fatal.textContent = message;
        shell.fatal.hidden = false;
      },
    });

function toHost<K extends keyof FrameEvents>(type: K, payload: FrameEvents[K]) {
  if (boot.hostOrigin && window.parent !== window) window.parent.postMessage(envelope<FrameEvents, K>(type, payload), boot.hostOrigin);
}

/** A short two-note chime made on the spot (no audio file to download). */
function chime() {
  if (!soundOn) return;
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.12, 1320]] as const) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.25);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + offset);
      tone.stop(now + offset + 0.25);
    }
  } catch {
    // No audio (autoplay policy or no device): the badge and title still tell.
  }
}

function unreadCount(): number {
  return items.filter((item) => item.senderKind !== "visitor" && item.senderKind !== "system" && item.seq > readSeq).length;
}

function renderWords() {
  const words = panelWords[locale];
  document.documentElement.lang = locale;
  renderStatus();
  shell.close.setAttribute("aria-label", words.close);
  shell.sound.setAttribute("aria-label", words.sound);
  shell.sound.setAttribute("aria-pressed", String(soundOn));
  shell.close.hidden = !boot.hostOrigin;
  shell.log.setAttribute("aria-label", words.messages);
  shell.label.textContent = words.composerLabel;
  shell.input.placeholder = words.placeholder;
  shell.send.textContent = words.send;
  shell.notice.textContent = words.reconnecting;
  shell.older.textContent = words.loadingOlder;
  renderQueueStatus(shell.queue, queueStatus, words);
  history.render();
  if (!rating.root.hidden) rating.render();
  offline.render();
  preChat.render();
  renderThread();
}

function renderStatus() {
  const words = panelWords[locale];
  shell.status.textContent = online ? words.online : words.offline;
  shell.status.classList.toggle("online", online);
}

/**
 * Which entry the visitor sees: the offline form while nobody is online and they have not written (and have not
 * started filling the form in), else the pre-chat questions once, else the composer. Re-decided on every
 * availability change, so an agent coming online turns the form into the composer without a reload.
 */
function showEntry() {
  if (!threadLoaded) return;
  const written = items.some((item) => item.senderKind === "visitor");
  const formStarted = [...offline.form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input,textarea")].some((field) => field.value !== "");
  const composerStarted = shell.input.value !== "";
  const showOffline = !written && (offline.form.hidden ? !online && !composerStarted : !online || formStarted);
  const askFirst = !showOffline && !written && !preChatDone && !!boot.settings.preChat?.enabled && boot.settings.preChat.fields.length > 0;
  offline.form.hidden = !showOffline;
  preChat.form.hidden = !askFirst;
  shell.form.hidden = showOffline || askFirst;
}

function setOnline(next: boolean) {
  if (next === online) return;
  online = next;
  renderStatus();
  showEntry();
}

function renderThread() {
  const words = panelWords[locale];
  const nearBottom = shell.scroller.scrollHeight - shell.scroller.scrollTop - shell.scroller.clientHeight < 80;
  const greeting = boot.settings.greeting || words.welcome;
  const greetingRow = messageRow(pendingItem("greeting", greeting, "agent"), 0, words)!;
  greetingRow.dataset.testid = "greeting";
  const rows = threadRows(items, { agentReadSeq, words, locale, linkDown: link.get() === "down" });
  shell.log.replaceChildren(...(hasOlder ? [] : [greetingRow]), ...labelBotRows([...rows, ...botStream.rows(words)], boot.bot));
  shell.typing.textContent = agentTyping ? words.typing : "";
  shell.older.hidden = !loadingOlder;
  rating.update(items);
  if (nearBottom) shell.scroller.scrollTop = shell.scroller.scrollHeight;
}

/** Reads everything shown when the panel is open and the page visible, and tells the host how many remain unread. */
function updateUnread() {
  const newest = lastSeqOf(items.filter((item) => item.senderKind !== "visitor"));
  if (open && document.visibilityState === "visible" && newest > readSeq) {
    readSeq = newest;
    connection.trpc.visitor.markRead.mutate({ seq: newest }).catch(() => {});
  }
  toHost("unread", { count: unreadCount() });
}

function receive(message: VisitorMessage) {
  const known = items.some((item) => item.clientMsgId === message.clientMsgId && item.seq > 0);
  items = mergeIntoThread(items, [message]);
  botStream.settle(message.clientMsgId);
  if (queueStatus && leftQueue(message)) renderQueueStatus(shell.queue, (queueStatus = null), panelWords[locale]);
  if (!known && message.senderKind !== "visitor" && message.senderKind !== "system") {
    agentTyping = false;
    toHost("message", { senderKind: message.senderKind, body: previewText(message) });
    chime();
  }
  renderThread();
  updateUnread();
}

function onSignal(signal: ConversationSignal) {
  if (botStream.handle(signal)) return;
  if (signal.kind === "queue") return renderQueueStatus(shell.queue, (queueStatus = signal.status), panelWords[locale]);
  if (signal.kind === "availability") return setOnline(signal.online);
  if (signal.kind === "typing" && signal.from === "agent") agentTyping = signal.typing;
  else if (signal.kind === "read" && signal.by === "agent") agentReadSeq = Math.max(agentReadSeq, signal.seq);
  else return;
  renderThread();
}

/**
 * Availability, agent typing and read marks. Before the visitor's first message the stream carries availability
 * only; once the conversation exists (`forConversation`) it is restarted to carry that conversation's signals too.
 */
function subscribeSignals(forConversation = true) {
  if (signalSubscription && (signalSubscription.forConversation || !forConversation)) return;
  signalSubscription?.unsubscribe();
  const current: { forConversation: boolean; unsubscribe: () => void } = {
    forConversation,
    unsubscribe: connection.trpc.visitor.onSignals.subscribe(undefined, {
      onData: onSignal,
      onComplete: () => signalSubscription === current && (signalSubscription = null),
      onError: () => signalSubscription === current && (signalSubscription = null),
    }).unsubscribe,
  };
  signalSubscription = current;
}

/** Follows the conversation the visitor now writes into: its own live thread and signals, from its first seq. */
function followConversation(conversationId: string, keep: (item: ThreadItem) => boolean) {
  const switched = currentConversationId !== null && currentConversationId !== conversationId;
  currentConversationId = conversationId;
  if (!switched && stopThread) return;
  stopThread?.();
  items = items.filter(keep);
  hasOlder = false;
  readSeq = 0;
  agentReadSeq = 0;
  queueStatus = null;
  renderQueueStatus(shell.queue, null, panelWords[locale]);
  signalSubscription?.unsubscribe();
  signalSubscription = null;
  stopThread = connection.onMessage(0, receive);
  renderThread();
}

/** "New conversation": an empty thread; the next message starts a new conversation on the server. */
function startNewConversation() {
  stopThread?.();
  stopThread = null;
  items = [];
  hasOlder = false;
  startFresh = true;
  shell.form.hidden = false;
  renderThread();
  shell.input.focus();
}

async function deliver(clientMsgId: string, body: string) {
  try {
    const fresh = startFresh;
    const ack = await connection.send(body, clientMsgId, { fresh });
    if (fresh) startFresh = false;
    if (ack.conversationId !== currentConversationId || !stopThread) {
      followConversation(ack.conversationId, (item) => item.seq === 0 || item.clientMsgId === clientMsgId);
      tabs.postMessage("switched");
    }
    subscribeSignals();
    tabs.postMessage("thread");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    items = items.map((item) => (item.clientMsgId === clientMsgId ? { ...item, status: "failed", error: message } : item));
    renderThread();
  }
}

/** Queued in order: typed while offline, messages go out one after another with their ids once the link is back. */
function send() {
  const body = shell.input.value.trim();
  if (!body) return;
  shell.input.value = "";
  tabStorage.set(draftKey, "");
  signalTyping(true);
  const clientMsgId = ulid();
  items = [...items, pendingItem(clientMsgId, body, "visitor")];
  shell.scroller.scrollTop = shell.scroller.scrollHeight;
  renderThread();
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

async function loadOlder() {
  const first = items.find((item) => item.seq > 0);
  if (!hasOlder || loadingOlder || !first) return;
  loadingOlder = true;
  renderThread();
  try {
    const page = await connection.trpc.visitor.thread.query({ beforeSeq: first.seq, limit: 30 });
    const before = shell.scroller.scrollHeight;
    hasOlder = page.hasOlder;
    items = mergeIntoThread(items, page.messages);
    loadingOlder = false;
    renderThread();
    shell.scroller.scrollTop += shell.scroller.scrollHeight - before;
  } catch {
    loadingOlder = false;
    renderThread();
  }
}

function setOpen(next: boolean) {
  open = next;
  if (open) {
    shell.input.focus();
    updateUnread();
  }
}

addEventListener("message", (event) => {
  if (!boot.hostOrigin || event.source !== window.parent || event.origin !== boot.hostOrigin) return;
  const message = readEnvelope<HostEvents>(event.data, hostEventTypes);
  if (message?.type === "visibility") setOpen((message.payload as HostEvents["visibility"]).open);
  else if (message?.type === "setLocale") {
    locale = localeOf((message.payload as HostEvents["setLocale"]).locale);
    renderWords();
  } else if (message?.type === "identify") {
    const user = message.payload as HostEvents["identify"];
    connection.trpc.visitor.identify
      .mutate(user)
      // A verified user who has chatted on another device: reopen the session, which now carries their history.
      .then((result) => result.switched && location.reload())
      .catch((error: Error) => console.error(`Parley: identify failed: ${error.message}`));
  } else if (message?.type === "setAttributes") {
    const { attributes } = message.payload as HostEvents["setAttributes"];
    connection.trpc.visitor.setAttributes.mutate({ attributes }).catch((error: Error) => console.error(`Parley: setAttributes failed: ${error.message}`));
  }
});

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
// The draft and where the visitor had scrolled survive the next page of the site in this tab.
const draftKey = `parley:draft:${boot.siteKey}`;
const scrollKey = `parley:scroll:${boot.siteKey}`;
shell.input.value = boot.preview ? "" : (tabStorage.get(draftKey) ?? "");
shell.input.addEventListener("input", () => {
  tabStorage.set(draftKey, shell.input.value);
  signalTyping();
});
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
document.addEventListener("visibilitychange", updateUnread);
shell.sound.addEventListener("click", () => {
  soundOn = !soundOn;
  panelStorage.set("parley:sound", soundOn ? "on" : "off");
  shell.sound.setAttribute("aria-pressed", String(soundOn));
});
tabs.onmessage = (event) => {
  // Another tab started a new conversation: show it here too.
  if (event.data === "switched") return void loadCurrent();
  connection.resume();
  subscribeSignals();
};
const history = conversationsView({
  root: shell.root,
  tools: shell.sound.parentElement!,
  locale: () => locale,
  panelWords: () => panelWords[locale],
  bot: boot.bot,
  list: () => connection.trpc.visitor.conversations.query(),
  page: (conversationId) => connection.trpc.visitor.pastConversation.query({ conversationId, limit: 100 }),
  startNew: startNewConversation,
});

setupAttachments(shell.form, shell.input, shell.root, {
  policy: boot.settings.attachments ?? { enabled: false, maxBytes: 0, allowedTypes: [] },
  token: connection.token,
  add: (item) => {
    items = [...items, item];
    renderThread();
    shell.scroller.scrollTop = shell.scroller.scrollHeight;
  },
  update: (clientMsgId, patch) => {
    items = mergeIntoThread(items.map((item) => (item.clientMsgId === clientMsgId ? { ...item, ...patch } : item)), []);
    renderThread();
  },
  stored: () => {
    connection.resume();
    subscribeSignals();
    tabs.postMessage("thread");
  },
});
setupEmoji(shell.input);

renderWords();
/** Loads the current conversation's latest page and follows it live (at start, and when another tab switched). */
function loadCurrent(first = false) {
  return connection.trpc.visitor.thread
    .query({ limit: 30 })
    .then((page) => {
      if (!first && page.conversationId === currentConversationId) return;
      stopThread?.();
      stopThread = null;
      if (!first) items = items.filter((item) => item.seq === 0);
      currentConversationId = page.conversationId;
      hasOlder = page.hasOlder;
      readSeq = page.visitorReadSeq;
      agentReadSeq = page.agentReadSeq;
      items = mergeIntoThread(items, page.messages);
      renderThread();
      if (first) {
        const savedScroll = tabStorage.get(scrollKey);
        shell.scroller.scrollTop = savedScroll ? Number(savedScroll) : shell.scroller.scrollHeight;
        threadLoaded = true;
        showEntry();
        shell.root.dataset.ready = "true";
      } else {
        shell.scroller.scrollTop = shell.scroller.scrollHeight;
      }
      stopThread = connection.onMessage(lastSeqOf(items), receive);
      if (!boot.preview) {
        // Another conversation's signals: the stream is bound to the conversation it started with.
        if (!first && page.conversationId) {
          signalSubscription?.unsubscribe();
          signalSubscription = null;
        }
        subscribeSignals(!!page.conversationId);
      }
      if (first) toHost("ready", { unread: unreadCount() });
      updateUnread();
    })
    .catch(() => {});
}
void loadCurrent(true);

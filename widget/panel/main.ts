import { linkStateStore } from "@/client/links/link-state";
import { mergeIntoThread } from "@/client/thread";
import { envelope, hostEventTypes, localeOf, readEnvelope, type FrameEvents, type HostEvents } from "../protocol.ts";
import { createVisitorClient } from "../sdk.ts";
import { setupAttachments } from "./attachments.ts";
import { readBoot } from "./boot.ts";
import { createBotStream } from "./bot-stream.ts";
import { createChime } from "./chime.ts";
import { setupComposer } from "./composer.ts";
import { conversationsView } from "./conversations.ts";
import { setupEmoji } from "./emoji.ts";
import { panelWords } from "./i18n.ts";
import { createLive } from "./live.ts";
import { offlineForm } from "./offline-form.ts";
import { preChatForm } from "./prechat.ts";
import { previewClient } from "./preview-client.ts";
import { ratingPrompt } from "./rating.ts";
import { buildShell } from "./shell.ts";
import { createPanelState, type Panel } from "./state.ts";
import { deviceIdFor, panelStorage } from "./storage.ts";
import { createView } from "./view.ts";

/**
 * The chat panel inside the widget's frame (and the H5 page). Framework-free to stay small: it keeps the thread in
 * memory (state.ts, one state object per panel), renders it into a plain list (view.ts), follows the conversation
 * live (live.ts), sends from the composer (composer.ts), and talks to the host page only through the versioned
 * postMessage protocol. This file builds the parts and wires them together.
 */
const boot = readBoot();
const state = createPanelState(boot, panelStorage.get("parley:sound") !== "off");
const bootQuery = new URLSearchParams(location.search);
/** Only what the session call accepts, so an odd referrer never makes the site refuse the visitor. */
function reportedUrl(url: string): string | undefined {
  return /^https?:\/\//.test(url) && url.length <= 2048 ? url : undefined;
}
function toHost<K extends keyof FrameEvents>(type: K, payload: FrameEvents[K]) {
  if (boot.hostOrigin && window.parent !== window) window.parent.postMessage(envelope<FrameEvents, K>(type, payload), boot.hostOrigin);
}

const link = linkStateStore();
link.subscribe((linkState) => {
  shell.notice.hidden = linkState === "up";
  view.renderThread();
});
const shell = buildShell(boot, () => toHost("close", {}));
// CSAT once the chat is resolved (panel/rating.ts); it sits above the composer.
const rating = ratingPrompt(
  () => state.locale,
  (score, comment) => connection.trpc.visitor.rate.mutate({ score, ...(comment.trim() ? { comment } : {}) }).then(() => undefined),
);
shell.root.insertBefore(rating.root, shell.form);
// Nobody online and nothing written yet: the offline form stands in for the composer (panel/offline-form.ts).
const offline = offlineForm(
  () => state.locale,
  async (left) => {
    const ack = await connection.trpc.visitor.leaveMessage.mutate(left);
    const stored = {
      id: ack.id,
      seq: ack.seq,
      clientMsgId: left.clientMsgId,
      senderKind: "visitor",
      type: "text",
      body: left.body,
      createdAt: new Date().toISOString(),
    } as const;
    state.items = mergeIntoThread(state.items, [stored]);
    connection.resume();
    live.subscribeSignals(true);
    panel.tabs.postMessage("thread");
    view.renderThread();
    view.showEntry();
  },
  boot.settings.offlineMessage ?? "",
);
shell.root.insertBefore(offline.form, shell.form);
// The site's questions before the first message (panel/prechat.ts); answered once, then the composer.
const preChat = preChatForm(
  boot.settings.preChat?.enabled ? boot.settings.preChat.fields : [],
  () => state.locale,
  async (answers) => {
    await connection.trpc.visitor.preChat.mutate({ answers });
    state.preChatDone = true;
    view.showEntry();
    shell.input.focus();
  },
);
shell.root.insertBefore(preChat.form, shell.form);
const botStream = createBotStream(
  (id) => state.items.some((item) => item.clientMsgId === id && item.seq > 0),
  () => view.renderThread(),
);
const connection = boot.preview
  ? previewClient(() => panelWords[state.locale].previewOnly)
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
const panel: Panel = { boot, state, shell, connection, link, tabs: new BroadcastChannel(`parley:${boot.siteKey}`), toHost };
const view = createView(panel, { rating, offline, preChat, botStream, history: () => history });
const live = createLive(
  panel,
  view,
  botStream,
  createChime(() => state.soundOn),
);
setupComposer(panel, view, live);

function setOpen(next: boolean) {
  state.open = next;
  if (state.open) {
    shell.input.focus();
    view.updateUnread();
  }
}

addEventListener("message", (event) => {
  if (!boot.hostOrigin || event.source !== window.parent || event.origin !== boot.hostOrigin) return;
  const message = readEnvelope<HostEvents>(event.data, hostEventTypes);
  if (message?.type === "visibility") setOpen((message.payload as HostEvents["visibility"]).open);
  else if (message?.type === "setLocale") {
    state.locale = localeOf((message.payload as HostEvents["setLocale"]).locale);
    view.renderWords();
  } else if (message?.type === "identify") {
    const user = message.payload as HostEvents["identify"];
    connection.trpc.visitor.identify
      .mutate(user)
      // A verified user who has chatted on another device: reopen the session, which now carries their history.
      .then((result) => result.switched && location.reload())
      .catch((error: Error) => console.error(`Parley: identify failed: ${error.message}`));
  } else if (message?.type === "setAttributes") {
    const { attributes } = message.payload as HostEvents["setAttributes"];
    connection.trpc.visitor.setAttributes
      .mutate({ attributes })
      .catch((error: Error) => console.error(`Parley: setAttributes failed: ${error.message}`));
  }
});

document.addEventListener("visibilitychange", view.updateUnread);
shell.sound.addEventListener("click", () => {
  state.soundOn = !state.soundOn;
  panelStorage.set("parley:sound", state.soundOn ? "on" : "off");
  shell.sound.setAttribute("aria-pressed", String(state.soundOn));
});
panel.tabs.onmessage = (event) => {
  // Another tab started a new conversation: show it here too.
  if (event.data === "switched") return void live.loadCurrent();
  connection.resume();
  live.subscribeSignals();
};
const history = conversationsView({
  root: shell.root,
  tools: shell.sound.parentElement!,
  locale: () => state.locale,
  panelWords: () => panelWords[state.locale],
  bot: boot.bot,
  list: () => connection.trpc.visitor.conversations.query(),
  page: (conversationId) => connection.trpc.visitor.pastConversation.query({ conversationId, limit: 100 }),
  startNew: live.startNewConversation,
});

setupAttachments(shell.input, shell.root, {
  policy: boot.settings.attachments ?? { enabled: false, maxBytes: 0, allowedTypes: [] },
  token: connection.token,
  add: (item) => {
    state.items = [...state.items, item];
    view.renderThread();
    shell.scroller.scrollTop = shell.scroller.scrollHeight;
  },
  update: (clientMsgId, patch) => {
    state.items = mergeIntoThread(
      state.items.map((item) => (item.clientMsgId === clientMsgId ? { ...item, ...patch } : item)),
      [],
    );
    view.renderThread();
  },
  stored: () => {
    connection.resume();
    live.subscribeSignals();
    panel.tabs.postMessage("thread");
  },
});
setupEmoji(shell.input);

view.renderWords();
void live.loadCurrent(true);

import type { VisitorMessage } from "@/server/contracts/messages";
import type { Locale } from "../protocol.ts";
import type { Words } from "./i18n.ts";
import { messageRow } from "./render.ts";
import { labelBotRows } from "./bot-stream.ts";

/**
 * The visitor's conversations, behind one tap in the panel's header: the list (newest first; past ones read-only),
 * a past conversation's messages, and "New conversation" once the current one is resolved. The panel (main.ts) keeps
 * the current conversation; this view only reads and asks main.ts to start a new one.
 */
export type ConversationRow = {
  id: string;
  state: string;
  createdAt: string;
  lastMessageAt: string | null;
  preview: string | null;
  current: boolean;
};
export type PastPage = { messages: VisitorMessage[]; hasOlder: boolean };

const words = {
  en: {
    open: "Your conversations",
    title: "Your conversations",
    back: "Back to chat",
    backToList: "All conversations",
    start: "New conversation",
    current: "Current",
    resolved: "Resolved",
    active: "Open",
    empty: "No conversations yet.",
    readOnly: "This conversation has ended. Start a new one to write to us.",
    failed: "Could not load your conversations.",
    noMessages: "No messages",
  },
  "zh-CN": {
    open: "我的会话",
    title: "我的会话",
    back: "返回聊天",
    backToList: "全部会话",
    start: "新会话",
    current: "当前",
    resolved: "已结束",
    active: "进行中",
    empty: "还没有会话。",
    readOnly: "此会话已结束。开始新会话即可继续联系我们。",
    failed: "无法加载会话列表。",
    noMessages: "没有消息",
  },
} satisfies Record<Locale, Record<string, string>>;

export type ConversationsView = {
  /** Re-renders in the current language (after setLocale). */
  render: () => void;
  /** Whether the list or a past conversation is showing (instead of the chat). */
  showing: () => boolean;
  close: () => void;
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function conversationsView(options: {
  root: HTMLElement;
  tools: HTMLElement;
  locale: () => Locale;
  panelWords: () => Words;
  bot: { name: string; avatarUrl: string | null } | null;
  list: () => Promise<ConversationRow[]>;
  page: (conversationId: string) => Promise<PastPage>;
  /** The visitor pressed "New conversation": main.ts clears the thread and sends the next message as a new one. */
  startNew: () => void;
}): ConversationsView {
  const toggle = element("button", "close history");
  toggle.type = "button";
  toggle.dataset.testid = "conversations-toggle";
  toggle.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6h16M4 12h16M4 18h10"/></svg>';
  options.tools.prepend(toggle);
  const section = element("section", "history-view");
  section.dataset.testid = "conversations";
  section.hidden = true;
  options.root.insertBefore(section, options.root.children[1] ?? null);

  let view: "chat" | "list" | "past" = "chat";
  let rows: ConversationRow[] = [];
  let past: { row: ConversationRow; page: PastPage } | null = null;
  let error = false;

  const w = () => words[options.locale()];
  const when = (iso: string) =>
    new Date(iso).toLocaleString(options.locale(), { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const stateLabel = (row: ConversationRow) => (row.current ? w().current : row.state === "resolved" ? w().resolved : w().active);

  function show(next: typeof view) {
    view = next;
    section.hidden = view === "chat";
    if (view === "chat") delete options.root.dataset.view;
    else options.root.dataset.view = view;
    toggle.setAttribute("aria-expanded", String(view !== "chat"));
    render();
  }

  async function openList() {
    error = false;
    show("list");
    try {
      rows = await options.list();
    } catch {
      error = true;
    }
    if (view === "list") render();
    section.querySelector<HTMLElement>("button")?.focus();
  }

  async function openPast(row: ConversationRow) {
    try {
      past = { row, page: await options.page(row.id) };
      show("past");
      section.querySelector<HTMLElement>("button")?.focus();
    } catch {
      error = true;
      render();
    }
  }

  function listItem(row: ConversationRow) {
    const item = element("li", "");
    const button = element("button", row.current ? "history-row current" : "history-row");
    button.type = "button";
    button.dataset.testid = "conversation-item";
    button.dataset.state = row.state;
    const top = element("span", "history-top");
    top.append(
      element("span", "history-when", when(row.lastMessageAt ?? row.createdAt)),
      element("span", `history-state ${row.state}`, stateLabel(row)),
    );
    button.append(top, element("span", "history-preview", row.preview ?? w().noMessages));
    button.onclick = () => (row.current ? show("chat") : void openPast(row));
    item.append(button);
    return item;
  }

  function render() {
    toggle.setAttribute("aria-label", w().open);
    toggle.title = w().open;
    if (view === "chat") return section.replaceChildren();
    const bar = element("div", "history-bar");
    const back = element("button", "history-back", view === "past" ? `‹ ${w().backToList}` : `‹ ${w().back}`);
    back.type = "button";
    back.onclick = () => (view === "past" ? void openList() : show("chat"));
    bar.append(back);
    if (view === "list") {
      const current = rows.find((row) => row.current);
      // One open conversation at a time: "New conversation" once the current one is resolved (or there is none).
      if (!current || current.state === "resolved") {
        const start = element("button", "send history-new", w().start);
        start.type = "button";
        start.dataset.testid = "new-conversation";
        start.onclick = () => {
          options.startNew();
          show("chat");
        };
        bar.append(start);
      }
      const heading = element("h2", "history-title", w().title);
      const list = element("ol", "history-list");
      list.append(...rows.map(listItem));
      const note = error ? element("p", "history-note", w().failed) : rows.length === 0 ? element("p", "history-note", w().empty) : null;
      section.replaceChildren(bar, heading, ...(note ? [note] : []), list);
      return;
    }
    if (!past) return;
    const heading = element("h2", "history-title", when(past.row.createdAt));
    const log = element("ol", "log");
    log.dataset.testid = "past-conversation";
    const items = past.page.messages.map((message) =>
      messageRow({ ...message, status: "sent" }, Number.MAX_SAFE_INTEGER, options.panelWords()),
    );
    log.append(
      ...labelBotRows(
        items.filter((row) => row !== null),
        options.bot,
      ),
    );
    const scroller = element("div", "scroller");
    scroller.append(log);
    section.replaceChildren(bar, heading, scroller, element("p", "history-note", w().readOnly));
  }

  toggle.onclick = () => (view === "chat" ? void openList() : show("chat"));
  render();
  return { render, showing: () => view !== "chat", close: () => show("chat") };
}

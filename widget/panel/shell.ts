import type { Boot } from "./boot.ts";

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: object = {}, ...children: Node[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Focus stays inside the panel while it is open: Tab from the last control goes to the first, and back. */
function trapFocus(root: HTMLElement, onEscape: () => void) {
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") return onEscape();
    if (event.key !== "Tab") return;
    const focusable = [...root.querySelectorAll<HTMLElement>("button:not([hidden]),textarea,a[href]")].filter(
      (node) => !node.closest("[hidden]"),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  });
}

/** The panel's fixed parts, built once; main.ts fills in words and messages. */
export function buildShell(boot: Boot, onClose: () => void) {
  const title = element("h1", { textContent: boot.settings.agentName || boot.siteName });
  const status = element("p", { className: boot.online ? "status-line online" : "status-line" });
  const close = element("button", {
    type: "button",
    className: "close",
    innerHTML: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>',
  });
  close.onclick = onClose;
  const sound = element("button", {
    type: "button",
    className: "close sound",
    innerHTML: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6"/></svg>',
  });
  // The agent's face beside the name when the site set one (widget settings' agentAvatarUrl).
  const avatar = boot.settings.agentAvatarUrl ? [element("img", { src: boot.settings.agentAvatarUrl, alt: "", className: "avatar" })] : [];
  const header = element(
    "header",
    {},
    ...avatar,
    element("div", { className: "who" }, title, status),
    element("div", { className: "tools" }, sound, close),
  );
  header.style.background = boot.settings.color;
  const notice = element("p", { className: "notice", hidden: true });
  notice.setAttribute("role", "status");
  const fatal = element("p", { className: "fatal", hidden: true });
  fatal.setAttribute("role", "alert");
  const queue = element("p", { className: "queue", hidden: true });
  queue.setAttribute("role", "status");
  queue.setAttribute("aria-live", "polite");
  queue.dataset.testid = "queue-status";
  const older = element("p", { className: "older", hidden: true });
  const log = element("ol", { className: "log" });
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  const typing = element("p", { className: "typing" });
  typing.setAttribute("aria-live", "polite");
  const scroller = element("div", { className: "scroller" }, older, log, typing);
  const label = element("label", { htmlFor: "parley-input", className: "sr-only" });
  const input = element("textarea", { id: "parley-input", rows: 1, maxLength: 5000 });
  const send = element("button", { type: "submit", className: "send" });
  send.style.background = boot.settings.color;
  // The text box's field: the voice and emoji buttons sit inside it, after the text (attachments.css).
  const field = element("div", { className: "field" }, input);
  const form = element("form", {}, label, field, send);
  const root = element("main", {}, header, notice, fatal, queue, scroller, form);
  // The site's color for the other forms' buttons too (pre-chat, offline, rating).
  root.style.setProperty("--accent", boot.settings.color);
  trapFocus(root, onClose);
  document.body.append(root);
  return { root, status, sound, close, notice, fatal, queue, older, log, typing, scroller, label, input, send, form };
}

import { envelope, frameEventTypes, localeOf, readEnvelope, type FrameEvents, type HostEvents, type Locale } from "./protocol.ts";
import { loaderStyle } from "./loader-style.ts";

/**
 * The snippet's target: draws the launcher in a shadow root, keeps the unread badge and a preview bubble while
 * the panel is closed, and creates the chat frame lazily (on idle or on first open). No framework; ≤ 4 KB gzipped.
 */
/** `release`: the panel build /widget/config chose for this device (stable, or a candidate rolled out to it). */
type Config = {
  siteKey: string;
  siteName: string;
  color: string;
  position: "left" | "right";
  launcherText: string;
  online: boolean;
  release?: string | null;
};
type SdkEvent = "ready" | "open" | "close" | "message" | "unread";
type Listener = (payload?: unknown) => void;
type Sdk = ((command: string, ...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] } & Record<string, unknown>;

const words = {
  en: { open: "Open chat", close: "Close chat", newMessage: "New message" },
  "zh-CN": { open: "打开聊天", close: "关闭聊天", newMessage: "新消息" },
};
const chatIcon =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';

const win = window as unknown as { Parley?: Sdk };
const script = document.currentScript as HTMLScriptElement | null;
/** The dashboard's preview (server/http/widget-preview.ts) gives unsaved settings instead of the site's saved ones. */
const previewSettings = script?.dataset.preview;
const queued: ArrayLike<unknown>[] = [...(win.Parley?.q ?? [])];
const listeners: Partial<Record<SdkEvent, Listener[]>> = {};
let locale: Locale = localeOf(navigator.language);
let shown = true;
let open = false;
let unread = 0;
let config: Config | null = null;
let frame: HTMLIFrameElement | null = null;
let frameReady = false;
let root: ShadowRoot;
let shell: HTMLDivElement;
let launcher: HTMLButtonElement;
let badge: HTMLSpanElement;
let preview: HTMLButtonElement;
let appOrigin = "";
// Kept to hand to the frame once it is ready (and again to a frame that reloads).
let identity: HostEvents["identify"] | null = null;
let attributes: HostEvents["setAttributes"] | null = null;

function emit(event: SdkEvent, payload?: unknown) {
  for (const listener of listeners[event] ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error("Parley: an event listener threw", error);
    }
  }
}

function post<K extends keyof HostEvents>(type: K, payload: HostEvents[K]) {
  if (frameReady) frame!.contentWindow!.postMessage(envelope<HostEvents, K>(type, payload), appOrigin);
}

/** Kept in the host page's own storage, so the visitor stays the same across pages, reloads and tabs. */
function deviceId(siteKey: string): string {
  const key = `parley:device:${siteKey}`;
  const made = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  try {
    const id = localStorage.getItem(key) ?? made;
    localStorage.setItem(key, id);
    return id;
  } catch {
    return made;
  }
}

function ensureFrame() {
  if (frame || !config) return;
  frame = document.createElement("iframe");
  // The full page and its referrer: the frame's own document.referrer is often cut to the origin by referrer policy.
  const query = new URLSearchParams({ site: config.siteKey, host: location.origin, locale, page: location.href, ref: document.referrer });
  if (previewSettings) query.set("preview", previewSettings);
  if (config.release) query.set("release", config.release);
  // The fragment never reaches a server or a referrer.
  frame.src = `${appOrigin}/widget/panel?${query}#device=${deviceId(config.siteKey)}`;
  frame.title = config.siteName;
  frame.className = "f x";
  frame.style[config.position] = "20px";
  frame.allow = "microphone; clipboard-write";
  root.append(frame);
}

function render() {
  if (!config) return;
  const text = words[locale];
  shell.hidden = !shown;
  shell.className = open ? "o" : "";
  launcher.setAttribute("aria-label", open ? text.close : text.open);
  launcher.setAttribute("aria-expanded", String(open));
  launcher.lastChild!.textContent = open ? "" : config.launcherText;
  badge.hidden = open || unread === 0;
  badge.textContent = unread > 99 ? "99+" : String(unread);
  if (open) preview.hidden = true;
  frame?.classList.toggle("x", !open);
}

function setOpen(next: boolean) {
  if (!config || next === open) return;
  open = next;
  if (open) ensureFrame();
  render();
  post("visibility", { open });
  if (open) frame!.focus();
  else launcher.focus();
  emit(open ? "open" : "close");
  // Open stays open on the next page of this tab, as in Crisp and Intercom (sessionStorage: this tab only).
  try {
    sessionStorage.setItem(`parley:open:${config.siteKey}`, open ? "1" : "");
  } catch {
    // storage blocked: the panel simply starts closed on the next page
  }
}

function wasOpen(siteKey: string): boolean {
  try {
    return sessionStorage.getItem(`parley:open:${siteKey}`) === "1";
  } catch {
    return false;
  }
}

/** While the page is hidden, a new message makes the tab title alternate until the visitor comes back. */
let titleTimer: ReturnType<typeof setInterval> | undefined;
function flashTitle(text: string) {
  if (!document.hidden || titleTimer) return;
  const original = document.title;
  titleTimer = setInterval(() => (document.title = document.title === text ? original : text), 1000);
  document.addEventListener(
    "visibilitychange",
    () => {
      clearInterval(titleTimer);
      titleTimer = undefined;
      document.title = original;
    },
    { once: true },
  );
}

function onFrameMessage(event: MessageEvent) {
  if (!frame || event.origin !== appOrigin || event.source !== frame.contentWindow) return;
  const message = readEnvelope<FrameEvents>(event.data, frameEventTypes);
  if (!message) return;
  const payload = message.payload as never;
  if (message.type === "ready") {
    frameReady = true;
    // Chrome lets a cross-origin frame take focus only with a user gesture of its own: the panel's own focus() goes
    // nowhere when the launcher was clicked before it loaded, so the page hands it the focus.
    if (open) frame.focus();
    post("visibility", { open });
    post("setLocale", { locale });
    if (identity) post("identify", identity);
    if (attributes) post("setAttributes", attributes);
    unread = (payload as FrameEvents["ready"]).unread;
    emit("ready");
  } else if (message.type === "close") setOpen(false);
  else if (message.type === "unread") {
    unread = (payload as FrameEvents["unread"]).count;
    emit("unread", { count: unread });
  } else {
    const { senderKind, body } = payload as FrameEvents["message"];
    emit("message", { senderKind, body });
    if (senderKind !== "visitor") flashTitle(`● ${words[locale].newMessage}`);
    if (!open && senderKind !== "visitor") {
      preview.textContent = body.slice(0, 200);
      preview.hidden = !shown;
    }
  }
  render();
}

const commands: Record<string, (...args: never[]) => void> = {
  open: () => setOpen(true),
  close: () => setOpen(false),
  toggle: () => setOpen(!open),
  show: () => {
    shown = true;
    render();
  },
  hide: () => {
    shown = false;
    setOpen(false);
    render();
  },
  setLocale: (value: string) => {
    locale = localeOf(value);
    if (frame && !frameReady) frame.src = frame.src.replace(/locale=[^&]*/, `locale=${locale}`);
    post("setLocale", { locale });
    render();
  },
  identify: (user: HostEvents["identify"]) => {
    identity = user;
    post("identify", user);
  },
  setAttributes: (values: HostEvents["setAttributes"]["attributes"]) => {
    attributes = { attributes: { ...attributes?.attributes, ...values } };
    post("setAttributes", { attributes: values });
  },
  on: (event: SdkEvent, listener: Listener) => {
    if (typeof listener === "function") {
      listeners[event] ??= [];
      listeners[event].push(listener);
    }
  },
};

function run(command: string, args: unknown[]) {
  const handler = commands[command];
  if (!handler) return console.error(`Parley: unknown command "${command}"`);
  // `on` works at once; the rest wait until the launcher exists.
  if (!config && command !== "on") return void queued.push([command, ...args]);
  (handler as (...args: unknown[]) => void)(...args);
}

function replayQueue() {
  for (const [command, ...args] of queued.splice(0).map((call) => Array.from(call))) run(String(command), args);
}

function draw(loaded: Config) {
  config = loaded;
  const host = document.createElement("div");
  host.id = "parley-widget";
  root = host.attachShadow({ mode: "open" });
  root.innerHTML = `<style>${loaderStyle}</style><div><button class="p" type="button" hidden></button><button class="l" type="button">${chatIcon}<span class="b" hidden></span><span class="t"></span></button></div>`;
  shell = root.querySelector("div")!;
  preview = root.querySelector(".p")!;
  launcher = root.querySelector(".l")!;
  badge = root.querySelector(".b")!;
  launcher.style.background = loaded.color;
  launcher.style[loaded.position] = preview.style[loaded.position] = "20px";
  launcher.onclick = () => setOpen(!open);
  preview.onclick = () => setOpen(true);
  document.body.append(host);
  addEventListener("message", onFrameMessage);
  render();
  replayQueue();
  if (!previewSettings && wasOpen(loaded.siteKey)) setOpen(true);
  (window.requestIdleCallback ?? setTimeout)(ensureFrame);
}

function start() {
  const siteKey = script?.dataset.site;
  if (!script || !siteKey) return console.error('Parley: the loader script needs a data-site="SITE_KEY" attribute');
  appOrigin = new URL(script.src).origin;
  const sdk = ((command: string, ...args: unknown[]) => run(command, args)) as Sdk;
  for (const name of Object.keys(commands)) sdk[name] = (...args: unknown[]) => run(name, args);
  win.Parley = sdk;
  replayQueue();
  if (previewSettings) return draw(JSON.parse(previewSettings));
  fetch(`${appOrigin}/widget/config?site=${encodeURIComponent(siteKey)}&locale=${locale}&device=${deviceId(siteKey)}`)
    .then(async (response) => {
      const body = await response.json();
      if (!response.ok) throw new Error(body.error);
      draw(body);
    })
    .catch((error: Error) => console.error(`Parley: the chat widget is not shown. ${error.message}`));
}

start();

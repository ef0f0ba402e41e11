import { ulid } from "ulid";
import type { ThreadItem } from "@/client/thread";
import { displayName } from "@/server/contracts/display-text";
import { voiceButton } from "./voice.ts";

/**
 * Files in the widget: paste, drag-and-drop, the file picker and voice notes go to POST /api/uploads (XHR, for the
 * progress bar) with the message's client id, so a retry never doubles. Attachment messages render as a thumbnail
 * (opens full size), an audio player or a file chip; files are fetched with the visitor token and shown from blob:
 * URLs, so no token ever sits in a URL. Kept out of main.ts: main.ts only wires these hooks.
 */
export type AttachmentPolicy = { enabled: boolean; maxBytes: number; allowedTypes: string[] };
type Meta = { id: string; name: string; size: number; mime: string; kind: "image" | "audio" | "file" };
type Hooks = {
  policy: AttachmentPolicy;
  token: () => Promise<string>;
  /** Adds our pending item to the thread, or changes one (status, seq, body) and re-renders. */
  add: (item: ThreadItem) => void;
  update: (clientMsgId: string, patch: Partial<ThreadItem>) => void;
  /** An upload was stored: the conversation exists now (subscribe to it, tell other tabs). */
  stored: () => void;
};

const en = {
  attach: "Attach a file",
  voice: "Record a voice note",
  stop: "Stop recording",
  micDenied: "Microphone not available",
  retry: "Retry",
  tooBig: "File is larger than",
  notAllowed: "This file type is not allowed",
  network: "Network error",
  drop: "Drop files to send",
  close: "Close",
  voiceNote: "Voice note",
  download: "Download",
};
const words: Record<string, typeof en> = {
  en,
  "zh-CN": {
    attach: "添加附件",
    voice: "录制语音",
    stop: "结束录音",
    micDenied: "无法使用麦克风",
    retry: "重试",
    tooBig: "文件超过",
    notAllowed: "不支持此文件类型",
    network: "网络错误",
    drop: "松开即可发送文件",
    close: "关闭",
    voiceNote: "语音消息",
    download: "下载",
  },
};
const w = () => words[document.documentElement.lang] ?? en;

let hooks: Hooks;
/** Files still on their way, by clientMsgId, kept for the retry button and the local preview. */
const pending = new Map<string, { blob: Blob; name: string; localUrl: string | null; bar: HTMLProgressElement }>();
/** blob: URLs of fetched files, by attachment id. */
const urls = new Map<string, Promise<string>>();
/** Rendered contents, reused across re-renders so a playing voice note keeps playing and images do not flicker. */
const views = new Map<string, HTMLElement>();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: object = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function parseMeta(body: string): Meta | null {
  try {
    const meta = JSON.parse(body) as Meta;
    // Bidi and zero-width characters removed, so `invoice\u202Efdp.exe` cannot pass for a PDF.
    return typeof meta.name === "string" && typeof meta.size === "number" && typeof meta.mime === "string"
      ? { ...meta, name: displayName(meta.name) }
      : null;
  } catch {
    return null;
  }
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

/** The line the host page and notifications show for a message. */
export function previewText(message: { type: string; body: string }): string {
  const meta = message.type === "attachment" ? parseMeta(message.body) : null;
  return meta ? `📎 ${meta.name}` : message.body;
}

const kindOf = (mime: string): Meta["kind"] => (mime.startsWith("image/") ? "image" : mime.startsWith("audio/") ? "audio" : "file");

function fileUrl(id: string): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    url = hooks
      .token()
      .then((token) => fetch(`/api/uploads/${id}`, { headers: { authorization: `Bearer ${token}` } }))
      .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
      .then((blob) => URL.createObjectURL(blob));
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}

/** The server decides; this only spares the visitor a doomed upload, with the same reason in their language. */
function localProblem(blob: Blob): string | null {
  const type = blob.type.split(";")[0]!.replace("video/", "audio/");
  if (blob.size > hooks.policy.maxBytes) return `${w().tooBig} ${formatSize(hooks.policy.maxBytes)}`;
  if (type && !hooks.policy.allowedTypes.includes(type)) return `${w().notAllowed} (${type})`;
  return null;
}

function send(clientMsgId: string) {
  const file = pending.get(clientMsgId)!;
  const problem = localProblem(file.blob);
  if (problem) return hooks.update(clientMsgId, { status: "failed", error: problem });
  hooks.update(clientMsgId, { status: "sending", error: undefined });
  file.bar.value = 0;
  hooks
    .token()
    .then(
      (token) =>
        new Promise<{ attachment: Meta | null; message: { id: string; seq: number } }>((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open("POST", "/api/uploads");
          xhr.setRequestHeader("authorization", `Bearer ${token}`);
          xhr.setRequestHeader("x-file-name", encodeURIComponent(file.name));
          xhr.setRequestHeader("x-client-msg-id", clientMsgId);
          if (file.blob.type) xhr.setRequestHeader("content-type", file.blob.type);
          xhr.upload.onprogress = (event) => {
            if (event.lengthComputable) file.bar.value = event.loaded / event.total;
          };
          xhr.onload = () => {
            const body = (() => {
              try {
                return JSON.parse(xhr.responseText);
              } catch {
                return {};
              }
            })();
            if (xhr.status < 300) resolve(body);
            else reject(new Error(body.error ?? `HTTP ${xhr.status}`));
          };
          xhr.onerror = () => reject(new Error(w().network));
          xhr.send(file.blob);
        }),
    )
    .then(
      ({ attachment, message }) => {
        if (attachment && file.localUrl) urls.set(attachment.id, Promise.resolve(file.localUrl));
        pending.delete(clientMsgId);
        hooks.update(clientMsgId, {
          status: "sent",
          id: message.id,
          seq: message.seq,
          ...(attachment ? { body: JSON.stringify(attachment) } : {}),
        });
        hooks.stored();
      },
      (error: Error) => hooks.update(clientMsgId, { status: "failed", error: error.message }),
    );
}

/** Puts a file in the thread at once (with its local preview) and uploads it. */
export function queueFile(blob: Blob, name: string) {
  const clientMsgId = ulid();
  const kind = kindOf(blob.type);
  const localUrl = kind === "file" ? null : URL.createObjectURL(blob);
  pending.set(clientMsgId, { blob, name, localUrl, bar: element("progress", { max: 1, value: 0 }) });
  const meta: Meta = { id: "", name, size: blob.size, mime: blob.type, kind };
  hooks.add({
    id: clientMsgId,
    seq: 0,
    clientMsgId,
    senderKind: "visitor",
    type: "attachment",
    body: JSON.stringify(meta),
    createdAt: new Date().toISOString(),
    status: "sending",
  });
  send(clientMsgId);
}

function openLightbox(src: string, alt: string, from: HTMLElement) {
  const close = element("button", { type: "button", className: "close", textContent: "✕" });
  close.setAttribute("aria-label", w().close);
  const box = element("div", { className: "lightbox", role: "dialog" }, element("img", { src, alt }), close);
  box.setAttribute("aria-modal", "true");
  box.setAttribute("aria-label", alt);
  const done = () => {
    box.remove();
    from.focus();
  };
  close.onclick = done;
  box.onclick = (event) => event.target === box && done();
  box.onkeydown = (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      done();
    }
  };
  document.querySelector("main")!.append(box);
  close.focus();
}

function media(meta: Meta, local: string | null, build: (src: string) => void) {
  if (local) build(local);
  else if (meta.id) fileUrl(meta.id).then(build, () => {});
}

/** The body of an attachment message (in place of its text), with progress and a retry button while ours is pending. */
export function attachmentView(item: ThreadItem): HTMLElement {
  const meta = parseMeta(item.body);
  if (!meta) return element("span", {}, item.body);
  const upload = pending.get(item.clientMsgId);
  const key = `${item.clientMsgId}:${meta.id}:${item.status}`;
  const cached = views.get(key);
  if (cached) return cached;
  const view = element("div", { className: `attachment ${meta.kind}` });
  view.dataset.testid = `attachment-${meta.kind}`;
  if (meta.kind === "image") {
    const img = element("img", { alt: meta.name });
    const open = element("button", { type: "button", className: "thumb" }, img);
    open.setAttribute("aria-label", meta.name);
    media(meta, upload?.localUrl ?? null, (src) => {
      img.src = src;
      open.onclick = () => openLightbox(src, meta.name, open);
    });
    view.append(open);
  } else if (meta.kind === "audio") {
    const player = element("audio", { controls: true, preload: "metadata" });
    player.setAttribute("aria-label", meta.name);
    media(meta, upload?.localUrl ?? null, (src) => (player.src = src));
    const length = /(\d+)m(\d\d)s/.exec(meta.name);
    view.append(
      player,
      element("span", { className: "meta" }, length ? `${w().voiceNote} · ${Number(length[1])}:${length[2]}` : meta.name),
    );
  } else {
    const chip = element("button", { type: "button", className: "chip", innerHTML: page });
    chip.append(
      element("span", {}, element("span", { className: "name" }, meta.name), element("span", { className: "meta" }, formatSize(meta.size))),
    );
    chip.setAttribute("aria-label", `${w().download} ${meta.name} (${formatSize(meta.size)})`);
    chip.onclick = () =>
      meta.id &&
      fileUrl(meta.id).then(
        (href) => element("a", { href, download: meta.name }).click(),
        () => {},
      );
    view.append(chip);
  }
  if (upload && item.status === "sending") view.append(upload.bar);
  if (upload && item.status === "failed") {
    const retry = element("button", { type: "button", className: "retry", textContent: w().retry });
    retry.onclick = () => send(item.clientMsgId);
    view.append(retry);
  }
  for (const old of views.keys()) if (old.startsWith(`${item.clientMsgId}:`)) views.delete(old);
  views.set(key, view);
  return view;
}

const clip =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"/></svg>';
const page = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M14 3H6v18h12V7zM14 3v4h4"/></svg>';
/** Adds the attach button before the text box's field and the voice button in it, and takes pasted and dropped files. */
export function setupAttachments(input: HTMLTextAreaElement, root: HTMLElement, setup: Hooks) {
  hooks = setup;
  if (!setup.policy.enabled) return;
  const picker = element("input", { type: "file", multiple: true, hidden: true, accept: setup.policy.allowedTypes.join(",") });
  const attach = element("button", { type: "button", className: "tool", innerHTML: clip });
  attach.onclick = () => picker.click();
  picker.onchange = () => {
    for (const file of picker.files ?? []) queueFile(file, file.name);
    picker.value = "";
  };
  const [voice, relabelVoice] =
    typeof MediaRecorder === "function" && setup.policy.allowedTypes.some((t) => t.startsWith("audio/")) ? voiceButton(queueFile, w) : [];
  const label = () => {
    attach.setAttribute("aria-label", w().attach);
    relabelVoice?.();
  };
  label();
  // main.ts sets <html lang> when the host page switches language.
  new MutationObserver(label).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  // Attach leads the row; the voice button is one of the field's own (shell.ts), beside the text.
  input.parentElement!.before(picker, attach);
  if (voice) input.after(voice);

  input.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    for (const [index, file] of files.entries()) {
      queueFile(
        file,
        file.name && file.name !== "image.png" ? file.name : `pasted-${Date.now()}-${index}.${file.type.split("/")[1] ?? "png"}`,
      );
    }
  });
  root.addEventListener("dragover", (event) => {
    if (!event.dataTransfer?.types.includes("Files")) return;
    event.preventDefault();
    root.dataset.drop = w().drop;
  });
  root.addEventListener("dragleave", (event) => event.relatedTarget === null && delete root.dataset.drop);
  root.addEventListener("drop", (event) => {
    delete root.dataset.drop;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    for (const file of files) queueFile(file, file.name);
  });
}

"use client";
import { useEffect, useRef, useState } from "react";
import { parseAttachmentMeta, uploadPath } from "@/server/contracts/attachments";
import { useLocale } from "@/app/_lib/i18n";

const words = {
  en: { voiceNote: "Voice note", download: "Download", close: "Close", open: "Open full size" },
  "zh-CN": { voiceNote: "语音消息", download: "下载", close: "关闭", open: "查看原图" },
};

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}

/**
 * An attachment message in an agent's thread: a thumbnail that opens full size, an audio player for voice notes, or
 * a file chip with its size. Files come from /api/uploads/<id>, which checks the agent's session cookie.
 */
/** The file's URL: the download path for agents (cookie), or a blob: URL fetched with the visitor's token. */
function useFileSource(id: string | undefined, fileToken: (() => Promise<string>) | undefined): string | undefined {
  const [blobUrl, setBlobUrl] = useState<string>();
  useEffect(() => {
    if (!id || !fileToken) return;
    let url: string | undefined;
    let cancelled = false;
    fileToken()
      .then((token) => fetch(`${uploadPath}/${id}`, { headers: { authorization: `Bearer ${token}` } }))
      .then((response) => (response.ok ? response.blob() : Promise.reject(new Error(String(response.status)))))
      .then((blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setBlobUrl(url);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, fileToken]);
  if (!id) return undefined;
  return fileToken ? blobUrl : `${uploadPath}/${id}`;
}

export function AttachmentView({ body, fileToken }: { body: string; fileToken?: () => Promise<string> }) {
  const w = words[useLocale()];
  const meta = parseAttachmentMeta(body);
  const src = useFileSource(meta?.id, fileToken);
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
  }, [open]);
  if (!meta) return <>{body}</>;
  if (meta.kind === "image") {
    return (
      <>
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-label={`${w.open}: ${meta.name}`}
          className="block cursor-zoom-in overflow-hidden rounded-lg focus-visible:outline-2 focus-visible:outline-indigo-500"
          data-testid="attachment-image"
        >
          <img src={src} alt={meta.name} className="max-h-56 max-w-full object-cover" />
        </button>
        {open && (
          // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop closes, as Esc and the Close button do for keyboards
          <dialog
            ref={dialog}
            onClose={() => setOpen(false)}
            onClick={(event) => event.target === dialog.current && dialog.current.close()}
            className="m-auto max-h-[90vh] max-w-[90vw] rounded-lg bg-transparent p-0 backdrop:bg-slate-950/80"
            aria-label={meta.name}
          >
            <img src={src} alt={meta.name} className="max-h-[85vh] max-w-[90vw] rounded-lg" />
            <form method="dialog" className="absolute right-2 top-2">
              <button
                type="submit"
                className="rounded-full bg-white/90 px-3 py-1 text-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500"
              >
                {w.close}
              </button>
            </form>
          </dialog>
        )}
      </>
    );
  }
  if (meta.kind === "audio") {
    const length = /(\d+)m(\d\d)s/.exec(meta.name);
    return (
      <span className="flex flex-col gap-1" data-testid="attachment-audio">
        {/* biome-ignore lint/a11y/useMediaCaption: a visitor's voice note has no caption track; its name and length are shown beside it */}
        <audio controls preload="metadata" src={src} aria-label={meta.name} className="h-10 w-64 max-w-full" />
        <span className="text-xs opacity-80">{length ? `${w.voiceNote} · ${Number(length[1])}:${length[2]}` : meta.name}</span>
      </span>
    );
  }
  return (
    <a
      href={src}
      download={meta.name}
      data-testid="attachment-file"
      aria-label={`${w.download} ${meta.name} (${formatSize(meta.size)})`}
      className="flex items-center gap-2 rounded-lg bg-white/90 px-3 py-2 text-slate-900 ring-1 ring-slate-300 hover:bg-white focus-visible:outline-2 focus-visible:outline-indigo-500"
    >
      <svg aria-hidden viewBox="0 0 24 24" className="size-5 shrink-0 fill-none stroke-current stroke-2">
        <path d="M14 3H6v18h12V7zM14 3v4h4" />
      </svg>
      <span className="min-w-0">
        <span className="block truncate font-medium">{meta.name}</span>
        <span className="block text-xs text-slate-500">{formatSize(meta.size)}</span>
      </span>
    </a>
  );
}

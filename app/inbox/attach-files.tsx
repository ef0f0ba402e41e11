"use client";
import { useCallback, useRef, useState } from "react";
import { ulid } from "ulid";
import { uploadPath } from "@/server/contracts/attachments";
import { useLocale } from "@/app/_lib/i18n";

const words = {
  en: { attach: "Attach a file", uploading: "Uploading {name}…", failed: "{name} not sent: {error}", retry: "Retry", dismiss: "Dismiss" },
  "zh-CN": { attach: "添加附件", uploading: "正在上传 {name}…", failed: "{name} 发送失败：{error}", retry: "重试", dismiss: "关闭" },
};

type Upload = { clientMsgId: string; file: File; error: string | null };

/**
 * An agent's files for one conversation: each goes to POST /api/uploads with its own client id (a retry reuses it, so
 * nothing doubles); the message itself then arrives through the thread stream like any reply.
 */
export function useFileUpload(conversationId: string) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const send = useCallback(
    async (file: File, clientMsgId: string) => {
      setUploads((list) => [...list.filter((u) => u.clientMsgId !== clientMsgId), { clientMsgId, file, error: null }]);
      let error: string | null = null;
      try {
        const response = await fetch(uploadPath, {
          method: "POST",
          body: file,
          headers: {
            "x-file-name": encodeURIComponent(file.name || "file"),
            "x-client-msg-id": clientMsgId,
            "x-conversation-id": conversationId,
            ...(file.type ? { "content-type": file.type } : {}),
          },
        });
        if (!response.ok) error = ((await response.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${response.status}`;
      } catch (failure) {
        error = (failure as Error).message;
      }
      setUploads((list) =>
        error === null
          ? list.filter((u) => u.clientMsgId !== clientMsgId)
          : list.map((u) => (u.clientMsgId === clientMsgId ? { ...u, error } : u)),
      );
    },
    [conversationId],
  );
  return {
    uploads,
    upload: (files: File[]) => files.forEach((file) => void send(file, ulid())),
    retry: (upload: Upload) => void send(upload.file, upload.clientMsgId),
    dismiss: (upload: Upload) => setUploads((list) => list.filter((u) => u.clientMsgId !== upload.clientMsgId)),
  };
}

export function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const w = words[useLocale()];
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        data-testid="composer-file"
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
      <button
        type="button"
        aria-label={w.attach}
        title={w.attach}
        onClick={() => picker.current?.click()}
        className="self-end rounded-lg p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-5 fill-none stroke-current stroke-2">
          <path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
        </svg>
      </button>
    </>
  );
}

export function UploadList({ state }: { state: ReturnType<typeof useFileUpload> }) {
  const w = words[useLocale()];
  if (state.uploads.length === 0) return null;
  return (
    <ul className="mb-2 space-y-1 text-xs" aria-live="polite" data-testid="composer-uploads">
      {state.uploads.map((upload) => (
        <li key={upload.clientMsgId} className={upload.error ? "text-red-700 dark:text-red-400" : "text-slate-600 dark:text-slate-400"}>
          {upload.error
            ? w.failed.replace("{name}", upload.file.name).replace("{error}", upload.error)
            : w.uploading.replace("{name}", upload.file.name)}
          {upload.error && (
            <>
              {" "}
              <button type="button" onClick={() => state.retry(upload)} className="font-medium underline">
                {w.retry}
              </button>{" "}
              <button type="button" onClick={() => state.dismiss(upload)} className="underline">
                {w.dismiss}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

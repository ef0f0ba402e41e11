"use client";
import { forwardRef, useImperativeHandle, useRef } from "react";
import type { InboxKey, InboxT } from "./inbox-i18n";

export const shortcutKeys: [string, InboxKey][] = [
  ["j", "keyNext"],
  ["k", "keyPrevious"],
  ["r", "keyReply"],
  ["n", "keyNote"],
  ["e", "keyResolve"],
  ["a", "keyAssign"],
  ["t", "keyTransfer"],
  ["/", "keyCanned"],
  ["?", "keyHelp"],
];

export const ShortcutsHelp = forwardRef<{ open: () => void }, { t: InboxT }>(function ShortcutsHelp({ t }, ref) {
  const dialog = useRef<HTMLDialogElement>(null);
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }));
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title" className="m-auto w-[min(24rem,92vw)] rounded-xl bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:bg-slate-900 dark:text-slate-100">
      <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">{t("shortcuts")}</h2>
      <dl className="grid grid-cols-[3rem_1fr] gap-y-1 text-sm">
        {shortcutKeys.map(([key, label]) => (
          <div key={key} className="contents">
            <dt><kbd className="rounded border border-slate-300 px-1.5 font-mono text-xs dark:border-slate-600">{key}</kbd></dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-4 text-right">
        <button className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white">{t("close")}</button>
      </form>
    </dialog>
  );
});

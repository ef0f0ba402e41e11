"use client";
import { forwardRef, useImperativeHandle, useState } from "react";
import { Dialog } from "@/app/_components/ui";
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

/** The list of keys, in the design system's dialog (focus kept inside, Escape closes, focus returns). */
export const ShortcutsHelp = forwardRef<{ open: () => void }, { t: InboxT }>(function ShortcutsHelp({ t }, ref) {
  const [open, setOpen] = useState(false);
  useImperativeHandle(ref, () => ({ open: () => setOpen(true) }));
  return (
    <Dialog open={open} onOpenChange={setOpen} title={t("shortcuts")} closeLabel={t("close")}>
      <dl className="grid grid-cols-[3rem_1fr] gap-y-1 text-body">
        {shortcutKeys.map(([key, label]) => (
          <div key={key} className="contents">
            <dt>
              <kbd className="rounded border border-line px-1.5 font-mono text-caption">{key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
});

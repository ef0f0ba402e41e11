"use client";
import { useEffect, useRef, type RefObject } from "react";
import type { PaneHandle } from "./conversation-pane";

/** Whether a key press belongs to a text field (or an open dialog), where single-letter shortcuts must not fire. */
function typingInField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName) || element.closest("dialog[open]") !== null;
}

/** j/k next/previous, r reply, n note, e resolve, a assign to me, t transfer, / canned, ? help. */
export function useShortcuts(handlers: { next: (step: 1 | -1) => void; pane: RefObject<PaneHandle | null>; openHelp: () => void }) {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const { next, pane, openHelp } = latest.current;
      const actions: Record<string, () => void> = {
        j: () => next(1),
        k: () => next(-1),
        r: () => pane.current?.focus("reply"),
        n: () => pane.current?.focus("note"),
        e: () => pane.current?.resolve(),
        a: () => pane.current?.assignToMe(),
        t: () => pane.current?.transfer(),
        "/": () => pane.current?.openCanned(),
        "?": openHelp,
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

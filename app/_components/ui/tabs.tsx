"use client";
import { useRef, type KeyboardEvent } from "react";

/** Tabs as the WAI-ARIA pattern says: arrow keys move between them, only the selected one is in the tab order. */
export function Tabs<T extends string>({
  label,
  tabs,
  value,
  onChange,
}: {
  label: string;
  tabs: { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onChange(next.value);
    list.current?.querySelectorAll<HTMLButtonElement>("[role=tab]")[tabs.indexOf(next)]?.focus();
  };
  return (
    <div ref={list} role="tablist" aria-label={label} className="inline-flex gap-1 rounded-control bg-surface-muted p-1">
      {tabs.map((tab, index) => (
        <button
          key={tab.value}
          type="button"
          role="tab"
          aria-selected={tab.value === value}
          tabIndex={tab.value === value ? 0 : -1}
          onKeyDown={(event) => move(event, index)}
          onClick={() => onChange(tab.value)}
          className={`rounded-control px-3 py-1 text-body focus-visible:outline-2 focus-visible:outline-accent ${tab.value === value ? "bg-surface font-medium text-ink shadow-sm" : "text-muted hover:text-ink"}`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

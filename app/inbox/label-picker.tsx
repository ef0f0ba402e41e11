"use client";
import { useState } from "react";
import type { InboxT } from "./inbox-i18n";
import { useLabels } from "./label-chips";
import { useTRPCClient } from "@/app/_lib/trpc";

/**
 * The conversation's labels as toggle buttons (Tab to reach, Space/Enter to toggle). The list row and this panel
 * update from the inbox event the change publishes.
 */
export function LabelPicker({ t, conversationId, labelIds }: { t: InboxT; conversationId: string; labelIds: string[] }) {
  const client = useTRPCClient();
  const labels = useLabels();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The mutation's answer, shown until the inbox event brings a newer row (then the row is the truth again).
  const base = `${conversationId}:${labelIds.join()}`;
  const [current, setCurrent] = useState<{ base: string; ids: string[] } | null>(null);
  const on = current?.base === base ? current.ids : labelIds;

  const toggle = async (labelId: string) => {
    setPending(labelId);
    setError(null);
    try {
      const input = { conversationId, labelId };
      const result = on.includes(labelId) ? await client.agent.labels.remove.mutate(input) : await client.agent.labels.add.mutate(input);
      setCurrent({ base, ids: result.labelIds });
    } catch (cause) {
      setError((cause as Error).message);
    } finally {
      setPending(null);
    }
  };

  return (
    <section aria-labelledby="labels-heading" className="mb-4">
      <h3 id="labels-heading" className="mb-1 text-sm font-semibold">
        {t("labels")}
      </h3>
      {labels.length === 0 && <p className="text-xs text-slate-500 dark:text-slate-400">{t("noLabels")}</p>}
      <div role="group" aria-labelledby="labels-heading" className="flex flex-wrap gap-1" data-testid="label-picker">
        {labels.map((label) => {
          const pressed = on.includes(label.id);
          return (
            <button
              key={label.id}
              type="button"
              aria-pressed={pressed}
              disabled={pending === label.id}
              onClick={() => void toggle(label.id)}
              className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs ring-1 focus-visible:outline-2 focus-visible:outline-indigo-500 ${
                pressed
                  ? "bg-indigo-50 font-semibold text-indigo-800 ring-indigo-400 dark:bg-indigo-950 dark:text-indigo-200 dark:ring-indigo-500"
                  : "text-slate-600 ring-slate-300 hover:bg-slate-100 dark:text-slate-300 dark:ring-slate-700 dark:hover:bg-slate-800"
              }`}
            >
              <span aria-hidden="true" className="size-2 rounded-full" style={{ backgroundColor: label.color }} />
              {label.name}
              {pressed && <span aria-hidden="true">✓</span>}
            </button>
          );
        })}
      </div>
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}

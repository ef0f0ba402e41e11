"use client";
import { useQuery } from "@tanstack/react-query";
import type { LabelView } from "@/server/contracts/labels";
import { useTRPC } from "@/app/_lib/trpc";

/** The organization's labels, fetched once and shared by the list, its filter and the visitor panel. */
export function useLabels(): LabelView[] {
  const trpc = useTRPC();
  return useQuery({ ...trpc.agent.labels.list.queryOptions(), staleTime: 60_000 }).data ?? [];
}

/** Small colored chips for a row; at most `max`, then "+n". */
export function LabelChips({ labels, ids, max = 3 }: { labels: LabelView[]; ids: string[]; max?: number }) {
  const shown = ids.map((id) => labels.find((label) => label.id === id)).filter((label): label is LabelView => !!label);
  if (shown.length === 0) return null;
  return (
    <span className="flex min-w-0 items-center gap-1" data-testid="row-labels">
      {shown.slice(0, max).map((label) => (
        <span
          key={label.id}
          className="inline-flex max-w-24 items-center gap-1 truncate rounded-full bg-slate-100 px-1.5 text-[11px] text-slate-700 dark:bg-slate-800 dark:text-slate-200"
        >
          <span aria-hidden="true" className="size-2 shrink-0 rounded-full" style={{ backgroundColor: label.color }} />
          <span className="truncate">{label.name}</span>
        </span>
      ))}
      {shown.length > max && <span className="text-[11px]">+{shown.length - max}</span>}
    </span>
  );
}

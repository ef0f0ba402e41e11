"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { ConversationSummary } from "@/server/contracts/messages";
import type { AgentSummary } from "@/server/contracts/inbox";
import type { InboxT } from "./inbox-i18n";
import { initialsOf } from "@/app/_components/ui";
import { useLocale } from "@/app/_lib/i18n";
import { formatWaiting } from "./inbox-time";
import { InboxEmptyState } from "./inbox-empty-state";
import { LabelChips, useLabels } from "./label-chips";
import { flagOf, unreadOf, waitingBadge, type ListFilter, type Sort, type StatusFilter, type View } from "./list-logic";

const rowHeight = 76;
const selectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900";

export function visitorLabel(row: { visitorName: string | null; visitorId: string }, t: InboxT) {
  return row.visitorName ?? `${t("visitor")} ${row.visitorId.slice(-4).toUpperCase()}`;
}

/** Ticks once a minute so waiting times stay true without a refetch. */
function useMinuteClock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Tabs, filters and the list itself: virtualised, so thousands of open conversations scroll smoothly. */
export function ConversationList(props: {
  t: InboxT;
  filter: ListFilter;
  onFilter: (filter: ListFilter) => void;
  rows: ConversationSummary[];
  loading: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
  agents: AgentSummary[];
}) {
  const { t, filter, rows, selectedId } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const now = useMinuteClock();
  const locale = useLocale();
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const selectedIndex = rows.findIndex((row) => row.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);
  const labels = useLabels();
  const agentName = (id: string | null) => props.agents.find((agent) => agent.id === id)?.name ?? null;

  return (
    <nav
      aria-label={t("inbox")}
      className="flex min-h-0 flex-col border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <div role="tablist" aria-label={t("views")} className="flex border-b border-slate-200 dark:border-slate-800">
        {(["mine", "unassigned", "all"] as View[]).map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={filter.view === view}
            onClick={() => props.onFilter({ ...filter, view })}
            className={`flex-1 px-2 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 ${
              filter.view === view
                ? "border-b-2 border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300"
                : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {t(view)}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-2 border-b border-slate-200 p-2 dark:border-slate-800">
        <label className="sr-only" htmlFor="status-filter">
          {t("status")}
        </label>
        <select
          id="status-filter"
          className={selectClass}
          value={filter.status}
          onChange={(event) => props.onFilter({ ...filter, status: event.target.value as StatusFilter })}
        >
          <option value="open">{t("statusOpen")}</option>
          <option value="pending">{t("statusPending")}</option>
          <option value="snoozed">{t("statusSnoozed")}</option>
          <option value="resolved">{t("statusResolved")}</option>
        </select>
        <label className="sr-only" htmlFor="sort-order">
          {t("sort")}
        </label>
        <select
          id="sort-order"
          className={selectClass}
          value={filter.sort}
          onChange={(event) => props.onFilter({ ...filter, sort: event.target.value as Sort })}
        >
          <option value="recent">{t("sortRecent")}</option>
          <option value="oldest">{t("sortOldest")}</option>
        </select>
        {labels.length > 0 && (
          <>
            <label className="sr-only" htmlFor="label-filter">
              {t("labelFilter")}
            </label>
            <select
              id="label-filter"
              className={selectClass}
              value={filter.labelId ?? ""}
              onChange={(event) => props.onFilter({ ...filter, labelId: event.target.value || null })}
            >
              <option value="">{t("anyLabel")}</option>
              {labels.map((label) => (
                <option key={label.id} value={label.id}>
                  {label.name}
                </option>
              ))}
            </select>
          </>
        )}
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {!props.loading && rows.length === 0 && <InboxEmptyState t={t} />}
        <ul aria-label={t("inbox")} style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const unread = unreadOf(row);
            const assignee = agentName(row.assigneeId);
            const selected = row.id === selectedId;
            return (
              <li
                key={row.id}
                style={{ position: "absolute", top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)` }}
              >
                <button
                  type="button"
                  data-testid="conversation-row"
                  data-conversation-id={row.id}
                  aria-current={selected ? "true" : undefined}
                  onClick={() => props.onSelect(row.id)}
                  className={`flex h-full w-full items-start gap-2 border-b border-slate-100 px-3 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-800 dark:hover:bg-slate-800 ${
                    selected ? "bg-indigo-50 dark:bg-slate-800" : ""
                  }`}
                >
                  <span className="min-w-0 flex-1">
                    <span className="flex items-baseline justify-between gap-2">
                      <span className={`truncate text-sm ${unread > 0 ? "font-semibold" : "font-medium"}`}>
                        {row.country && (
                          <span role="img" aria-label={row.country} title={row.country} data-testid="row-flag" className="mr-1">
                            {flagOf(row.country)}
                          </span>
                        )}
                        {visitorLabel(row, t)}
                      </span>
                      <time className="shrink-0 text-xs text-slate-500 dark:text-slate-400" dateTime={row.lastMessageAt ?? row.createdAt}>
                        {new Date(row.lastMessageAt ?? row.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                      </time>
                    </span>
                    <span className="block truncate text-sm text-slate-600 dark:text-slate-300">{row.lastMessagePreview}</span>
                    <span className="mt-0.5 flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
                      {waitingBadge(row) === "waiting" && (
                        <span className="text-amber-700 dark:text-amber-400">
                          {t("waiting", { time: formatWaiting(row.createdAt, now, locale) })}
                        </span>
                      )}
                      {waitingBadge(row) === "bot" && <span data-testid="row-with-bot">{t("state_bot")}</span>}
                      {unread > 0 && (
                        <span
                          data-testid="unread-count"
                          role="img"
                          aria-label={t("unread", { count: String(unread) })}
                          className="rounded-full bg-indigo-600 px-1.5 text-[11px] font-semibold text-white"
                        >
                          {unread}
                        </span>
                      )}
                      <LabelChips labels={labels} ids={row.labelIds} />
                    </span>
                  </span>
                  <span
                    title={assignee ? t("assignedTo", { name: assignee }) : t("unassignedShort")}
                    data-testid="row-assignee"
                    className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full bg-slate-200 text-[11px] font-semibold text-slate-700 dark:bg-slate-700 dark:text-slate-200"
                  >
                    {assignee ? initialsOf(assignee) : "–"}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </nav>
  );
}

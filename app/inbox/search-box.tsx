"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { InboxT } from "./inbox-i18n";
import { useTRPC } from "@/app/_lib/trpc";

/** Search across messages, notes and visitors; a hit opens its conversation at that message. */
export function SearchBox({ t, onOpen }: { t: InboxT; onOpen: (conversationId: string, seq: number | null) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({ ...trpc.agent.workspace.search.queryOptions({ query }), enabled: query.length > 0 });
  const hits = results.data ?? [];

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: closes the results when focus leaves the box and its list
    <div className="relative w-full max-w-md" onBlur={(event) => !event.currentTarget.contains(event.relatedTarget) && setOpen(false)}>
      <label htmlFor="inbox-search" className="sr-only">
        {t("search")}
      </label>
      <input
        id="inbox-search"
        type="search"
        value={text}
        maxLength={100}
        placeholder={t("search")}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(event) => event.key === "Escape" && event.currentTarget.blur()}
        className="w-full rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-950"
      />
      {open && query && results.isSuccess && (
        <ul
          data-testid="search-results"
          className="absolute z-30 mt-1 max-h-96 w-full overflow-y-auto rounded-lg bg-white shadow-lg ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        >
          {hits.length === 0 && <li className="p-3 text-sm text-slate-500">{t("searchNoResults")}</li>}
          {hits.map((hit) => (
            <li key={hit.kind === "message" ? `${hit.conversationId}:${hit.seq}` : hit.visitorId}>
              <button
                type="button"
                data-testid="search-hit"
                disabled={!hit.conversationId}
                onClick={() => {
                  if (!hit.conversationId) return;
                  onOpen(hit.conversationId, hit.kind === "message" ? hit.seq : null);
                  setOpen(false);
                }}
                className="block w-full px-3 py-2 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800"
              >
                <span className="block text-xs font-semibold text-slate-500 dark:text-slate-400">
                  {hit.visitorName ?? `${t("visitor")} ${hit.visitorId.slice(-4).toUpperCase()}`}
                  {hit.kind === "visitor" && hit.email ? ` · ${hit.email}` : ""}
                </span>
                {hit.kind === "message" && <span className="line-clamp-2">{hit.body}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

"use client";
import { ClipboardCopy, MessageSquareDashed } from "lucide-react";
import { useEffect, useState } from "react";
import { createHttpClient } from "@/client/agent-trpc";
import type { InboxT } from "./inbox-i18n";

/**
 * An empty list says what to do next: visitors' chats land here once the site has the snippet, so an admin gets the
 * snippet of their first site to copy (agents are told to ask an admin).
 */
export function InboxEmptyState({ t }: { t: InboxT }) {
  const [snippet, setSnippet] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let live = true;
    createHttpClient()
      .admin.sites.list.query()
      .then((sites) => live && setSnippet(sites[0]?.snippet ?? null))
      .catch(() => {
        // Not an admin: no snippet to show.
      });
    return () => {
      live = false;
    };
  }, []);
  return (
    <div data-testid="inbox-empty" className="space-y-3 p-4 text-body text-muted">
      <MessageSquareDashed size={28} aria-hidden className="text-accent" />
      <p className="font-medium text-ink">{t("noConversations")}</p>
      <p>{t("emptyNext")}</p>
      {snippet ? (
        <>
          <p>{t("pasteSnippet")}</p>
          <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-control bg-surface-muted p-2 font-mono text-caption text-ink">
            {snippet}
          </pre>
          <button
            type="button"
            className="inline-flex items-center gap-1 rounded-control px-2 py-1 text-body text-ink ring-1 ring-line hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
            onClick={async () => {
              await navigator.clipboard?.writeText(snippet);
              setCopied(true);
            }}
          >
            <ClipboardCopy size={14} aria-hidden />
            {t(copied ? "copied" : "copySnippet")}
          </button>
        </>
      ) : (
        <p>{t("askAdminSnippet")}</p>
      )}
    </div>
  );
}

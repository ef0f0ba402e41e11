"use client";
import { useEffect, useRef } from "react";
import type { ThreadItem } from "@/client/thread";
import { type useT, useLocale } from "@/app/_lib/i18n";
import { parseThreadEvent } from "@/server/contracts/thread-events";
import { AttachmentView } from "./attachment-view";
import { useLongPress } from "./use-long-press";

type Translate = ReturnType<typeof useT>;

/**
 * A thread's messages, newest at the bottom. `mine` is the sender kind drawn on the right. Agents also pass
 * `visitorReadSeq` (their messages up to it show "Seen") and `highlightSeq` (a search hit to scroll to).
 */
export function ThreadView({
  items,
  mine,
  t,
  visitorReadSeq,
  highlightSeq,
  senderName,
  fileToken,
  linkDown,
}: {
  items: ThreadItem[];
  mine: ThreadItem["senderKind"];
  t: Translate;
  visitorReadSeq?: number;
  highlightSeq?: number | null;
  senderName?: (senderId: string | null | undefined) => string | null;
  /** Visitors pass their token getter: files are then fetched with it (agents' come with the session cookie). */
  fileToken?: () => Promise<string>;
  /** The connection is down: messages still sending are marked as waiting for it. */
  linkDown?: boolean;
}) {
  const end = useRef<HTMLLIElement>(null);
  const { pressed, handlers } = useLongPress();
  const fullTime = new Intl.DateTimeFormat(useLocale(), { dateStyle: "medium", timeStyle: "short" });
  const list = useRef<HTMLOListElement>(null);
  const newest = items.at(-1)?.clientMsgId;
  // Follow new messages at the bottom; older history prepended at the top must not move the view.
  // Braces matter: Chromium's scrollIntoView now returns a promise, and React calls whatever an effect returns.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `newest` says when to follow: a new message at the bottom
  useEffect(() => {
    if (highlightSeq == null) end.current?.scrollIntoView({ block: "end" });
  }, [newest, highlightSeq]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-centre once more rows have loaded around the highlighted one
  useEffect(() => {
    if (highlightSeq != null) list.current?.querySelector(`[data-seq="${highlightSeq}"]`)?.scrollIntoView({ block: "center" });
  }, [highlightSeq, items.length]);

  return (
    <ol ref={list} className="flex flex-col gap-2 p-3" aria-live="polite" aria-relevant="additions">
      {items.map((item) => {
        if (item.type === "event") {
          return (
            <li key={item.clientMsgId} className="text-center text-xs text-slate-500 dark:text-slate-400" data-testid="thread-event">
              {describeEvent(item.body, t)}
            </li>
          );
        }
        const note = item.type === "note";
        const own = item.senderKind === mine;
        const highlighted = item.seq === highlightSeq;
        const name = item.senderKind === "bot" ? t("bot") : senderName?.((item as ThreadItem & { senderId?: string | null }).senderId);
        // The full date and time: on hover (title) with a mouse, on a long press with a finger.
        const when = item.status === "sent" ? fullTime.format(new Date(item.createdAt)) : undefined;
        return (
          <li
            key={item.clientMsgId}
            data-testid={note ? "thread-note" : "thread-message"}
            data-seq={item.seq}
            title={when}
            {...handlers(item.clientMsgId)}
            className={`max-w-[80%] whitespace-pre-wrap break-words rounded-2xl px-3 py-2 text-sm ${own ? "self-end" : "self-start"} ${
              note
                ? "border border-dashed border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-500/60 dark:bg-amber-950/40 dark:text-amber-100"
                : own
                  ? "bg-indigo-600 text-white"
                  : "bg-white text-slate-900 ring-1 ring-slate-200 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-700"
            } ${highlighted ? "outline-2 outline-offset-2 outline-amber-500" : ""}`}
          >
            {when && pressed === item.clientMsgId && (
              <time
                role="status"
                data-testid="message-time"
                dateTime={new Date(item.createdAt).toISOString()}
                className="mb-1 block text-[11px] font-semibold opacity-90"
              >
                {when}
              </time>
            )}
            {(note || name) && (
              <span className="mb-0.5 block text-[11px] font-semibold opacity-80">
                {note ? (
                  <>
                    <LockIcon /> {t("privateNote")}
                    {name ? ` · ${name}` : ""}
                  </>
                ) : (
                  name
                )}
              </span>
            )}
            {item.type === "attachment" ? <AttachmentView body={item.body} fileToken={fileToken} /> : item.body}
            <span className="mt-1 block text-right text-[11px] opacity-70">
              {item.status !== "sent"
                ? item.status === "sending"
                  ? t(linkDown ? "waitingToSend" : "sending")
                  : (item.error ?? t("failed"))
                : `${new Date(item.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}${
                    own && !note && visitorReadSeq !== undefined && item.seq <= visitorReadSeq ? ` · ${t("seen")}` : ""
                  }`}
            </span>
          </li>
        );
      })}
      <li ref={end} aria-hidden />
    </ol>
  );
}

/** Drawn, not an emoji: machines without an emoji font would show a box. */
export function LockIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="inline size-3 align-[-1px]" fill="currentColor">
      <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z" />
    </svg>
  );
}

/** State events are stored machine-readable; each side shows them as a neutral line in its own language. */
function describeEvent(body: string, t: Translate): string {
  const event = parseThreadEvent(body);
  if (!event) return body;
  // The visitor's CSAT (server/domain/conversations/rate-conversation.ts).
  if (event.event === "rating") {
    const score = String(event.score);
    return event.comment ? t("eventRatingComment", { score, comment: event.comment }) : t("eventRating", { score });
  }
  // Why the bot handed off (server/domain/conversations/hand-off.ts): the agent sees it above the bot's transcript.
  if (event.event === "handoff") {
    const reason = `handoff_${event.reason}` as Parameters<Translate>[0];
    return t("eventHandoff", { turns: String(event.botTurns), reason: t(reason) });
  }
  // Handed to a team (server/domain/conversations/transfer-to-team.ts): the one line for that move.
  if (event.event === "transfer") return t("eventTransferred", { team: event.teamName });
  switch (event.to) {
    case "assigned":
      return t("eventAssigned");
    case "resolved":
      return t("eventResolved");
    case "queued":
      return t("eventQueued");
    case "snoozed":
      return t("eventSnoozed");
    case "pending":
      return t("eventPending");
    default:
      return t("stateEvent", { from: event.from, to: event.to });
  }
}

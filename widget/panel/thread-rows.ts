import type { ThreadItem } from "@/client/thread";
import type { Locale } from "../protocol.ts";
import type { Words } from "./i18n.ts";
import { messageRow } from "./render.ts";

const palette = ["#4f46e5", "#0891b2", "#059669", "#d97706", "#db2777", "#7c3aed", "#2563eb", "#dc2626"];

/** Initials on a colour picked from the name, the same for the same agent everywhere. */
export function initialsAvatar(name: string): HTMLElement {
  const avatar = document.createElement("span");
  avatar.className = "face";
  avatar.setAttribute("aria-hidden", "true");
  const words = name.trim().split(/\s+/);
  avatar.textContent = (
    words.length > 1 ? `${[...words[0]!][0]}${[...words.at(-1)!][0]}` : [...name.trim()].slice(0, 1).join("")
  ).toUpperCase();
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  avatar.style.background = palette[hash % palette.length]!;
  return avatar;
}

const dayOf = (iso: string) => new Date(iso).toDateString();

/**
 * The thread as rows: a day line when the day changes, the agent's name and face on the first message of each run of
 * theirs, the full time on hover (title), and one line per real change (the same line twice in a row is shown once).
 */
export function threadRows(
  items: ThreadItem[],
  input: { agentReadSeq: number; words: Words; locale: Locale; linkDown: boolean },
): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const dayFormat = new Intl.DateTimeFormat(input.locale, { weekday: "long", month: "long", day: "numeric" });
  const timeFormat = new Intl.DateTimeFormat(input.locale, { dateStyle: "medium", timeStyle: "short" });
  let lastDay = "";
  let lastEventText = "";
  let lastAuthor: string | null = null;
  for (const item of items) {
    const row = messageRow(item, input.agentReadSeq, input.words, input.linkDown);
    if (!row) continue;
    const day = item.seq > 0 ? dayOf(item.createdAt) : lastDay;
    if (day !== lastDay && lastDay !== "") {
      const line = document.createElement("li");
      line.className = "event day";
      line.textContent = dayFormat.format(new Date(item.createdAt));
      rows.push(line);
      lastEventText = "";
      lastAuthor = null;
    }
    lastDay = day;
    if (row.classList.contains("event")) {
      if (row.textContent === lastEventText) continue;
      lastEventText = row.textContent ?? "";
      lastAuthor = null;
      rows.push(row);
      continue;
    }
    lastEventText = "";
    if (item.seq > 0) row.title = timeFormat.format(new Date(item.createdAt));
    const author = item.senderKind === "agent" ? (item.authorName ?? null) : null;
    if (author && author !== lastAuthor) {
      const who = document.createElement("div");
      who.className = "author";
      who.dataset.testid = "message-author";
      who.append(initialsAvatar(author), document.createTextNode(author));
      row.prepend(who);
    }
    lastAuthor = author;
    rows.push(row);
  }
  return rows;
}

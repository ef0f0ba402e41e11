import { parseThreadEvent } from "../../server/contracts/thread-events.ts";
import type { ThreadItem } from "@/client/thread";
import type { Words } from "./i18n.ts";
import { attachmentView } from "./attachments.ts";

const linkPattern = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Message text as DOM text nodes with http(s) links made clickable; never parsed as HTML. */
export function linkified(body: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of body.matchAll(linkPattern)) {
    if (match.index > last) nodes.push(document.createTextNode(body.slice(last, match.index)));
    const link = document.createElement("a");
    link.href = match[0];
    link.textContent = match[0];
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
    nodes.push(link);
    last = match.index + match[0].length;
  }
  if (last < body.length) nodes.push(document.createTextNode(body.slice(last)));
  return nodes;
}

export function statusText(item: ThreadItem, agentReadSeq: number, words: Words, linkDown = false): string {
  if (item.status === "failed") return item.error ? `${words.failed}: ${item.error}` : words.failed;
  if (item.status === "sending") return linkDown ? words.waitingToSend : words.sending;
  return item.seq <= agentReadSeq ? words.read : words.sent;
}

/** State events are stored machine-readable; the visitor sees the few that matter to them, in their language. */
function eventText(body: string, words: Words, authorName?: string): string | null {
  const event = parseThreadEvent(body);
  if (event?.event === "transfer") return words.eventTransferred(event.teamName);
  const to = event?.event === "state" ? event.to : null;
  if (to === "assigned") return authorName ? words.eventJoined(authorName) : words.eventAssigned;
  if (to === "resolved") return words.eventResolved;
  if (to === "queued") return words.eventQueued;
  return null;
}

/** One message row (null for an event the visitor does not need). System events are centred lines; the visitor's own messages carry their delivery state. */
export function messageRow(item: ThreadItem, agentReadSeq: number, words: Words, linkDown = false): HTMLElement | null {
  const row = document.createElement("li");
  row.dataset.testid = "thread-message";
  row.dataset.clientMsgId = item.clientMsgId;
  if (item.senderKind === "system" || item.type === "event") {
    const text = eventText(item.body, words, item.authorName);
    if (!text) return null;
    row.dataset.testid = "thread-event";
    row.className = "event";
    row.textContent = text;
    return row;
  }
  const mine = item.senderKind === "visitor";
  row.dataset.sender = item.senderKind;
  row.className = mine ? "mine" : "theirs";
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  bubble.append(...(item.type === "attachment" ? [attachmentView(item)] : linkified(item.body)));
  const who = document.createElement("span");
  who.className = "sr-only";
  who.textContent = `${mine ? words.you : item.senderKind === "bot" ? words.bot : words.team}: `;
  bubble.prepend(who);
  row.append(bubble);
  if (mine) {
    const status = document.createElement("div");
    status.className = item.status === "failed" ? "status failed" : "status";
    status.textContent = statusText(item, agentReadSeq, words, linkDown);
    row.append(status);
  }
  return row;
}

import { parseThreadEvent } from "../../server/contracts/thread-events.ts";
import type { QueueStatus } from "@/server/contracts/queue";
import type { VisitorMessage } from "@/server/contracts/messages";
import type { Words } from "./i18n.ts";

/** "You're #3 in line · usually under 5 minutes"; the estimate part only when the server had data for one. */
export function queueText(status: QueueStatus, words: Words): string {
  const place = words.queuePlace(status.position);
  if (!status.estimate) return place;
  const wait = "under" in status.estimate ? words.waitUnder(status.estimate.under) : words.waitOver(status.estimate.over);
  return `${place} · ${wait}`;
}

/** The line under the header while the visitor waits in a team's queue; hidden otherwise. */
export function renderQueueStatus(line: HTMLElement, status: QueueStatus | null, words: Words) {
  line.hidden = !status;
  line.textContent = status ? queueText(status, words) : "";
}

/**
 * Whether a thread message says the conversation moved on from the queue (assigned, resolved, ...). A status pushed
 * while the panel was reconnecting may have been missed; the thread is replayed, so it settles the line.
 */
export function leftQueue(message: VisitorMessage): boolean {
  if (message.type !== "event") return false;
  const event = parseThreadEvent(message.body);
  return event?.event === "state" && event.to !== "queued";
}

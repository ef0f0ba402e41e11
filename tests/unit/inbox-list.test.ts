import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "../../server/contracts/messages.ts";
import { fuzzyMatches } from "../../app/inbox/canned-logic.ts";
import { formatWaiting } from "../../app/inbox/inbox-time.ts";
import { applyInboxEvent, flagOf, matchesFilter, unreadOf, waitingBadge, type ListFilter } from "../../app/inbox/list-logic.ts";

function row(id: string, patch: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    siteId: "s",
    visitorId: `v-${id}`,
    visitorName: null,
    state: "queued",
    assigneeId: null,
    version: 0,
    lastSeq: 1,
    lastMessageAt: "2026-11-28T10:00:00.000Z",
    lastMessagePreview: "hi",
    createdAt: "2026-11-28T10:00:00.000Z",
    agentReadSeq: 0,
    visitorReadSeq: 0,
    firstResponseAt: null,
    snoozedUntil: null,
    teamId: null,
    labelIds: [],
    country: null,
    ...patch,
  };
}
const all: ListFilter = { view: "all", status: "open", sort: "recent", labelId: null };

describe("inbox list rules", () => {
  it("filters by view and status", () => {
    const mine = row("a", { state: "assigned", assigneeId: "me" });
    expect(matchesFilter(mine, { ...all, view: "mine" }, "me")).toBe(true);
    expect(matchesFilter(mine, { ...all, view: "unassigned" }, "me")).toBe(false);
    expect(matchesFilter(row("b"), { ...all, view: "unassigned" }, "me")).toBe(true);
    expect(matchesFilter(row("c", { state: "snoozed" }), all, "me")).toBe(false);
    expect(matchesFilter(row("c", { state: "snoozed" }), { ...all, status: "snoozed" }, "me")).toBe(true);
  });

  it("a live event moves a row to the top, removes it when it leaves the filter, and never goes back a version", () => {
    const list = [row("a", { lastMessageAt: "2026-11-28T10:05:00.000Z" }), row("b")];
    const moved = applyInboxEvent(list, row("b", { version: 1, lastMessageAt: "2026-11-28T10:06:00.000Z" }), all, "me")!;
    expect(moved.map((item) => item.id)).toEqual(["b", "a"]);
    const taken = applyInboxEvent(
      moved,
      row("b", { version: 2, state: "assigned", assigneeId: "other" }),
      { ...all, view: "unassigned" },
      "me",
    )!;
    expect(taken.map((item) => item.id)).toEqual(["a"]);
    const stale = applyInboxEvent(moved, row("b", { version: 0, lastMessagePreview: "old" }), all, "me")!;
    expect(stale.find((item) => item.id === "b")?.version).toBe(1);
    const oldest = applyInboxEvent(list, row("c", { lastMessageAt: "2026-11-28T09:00:00.000Z" }), { ...all, sort: "oldest" }, "me")!;
    expect(oldest.map((item) => item.id)).toEqual(["c", "b", "a"]);
  });

  it("keeps a read mark made here when an older event arrives, and counts unread from it", () => {
    const read = [row("a", { lastSeq: 3, agentReadSeq: 3 })];
    const next = applyInboxEvent(read, row("a", { version: 1, lastSeq: 4, agentReadSeq: 0 }), all, "me")!;
    expect(unreadOf(next[0]!)).toBe(1);
  });

  it("matches canned responses fuzzily by shortcut or title", () => {
    expect(fuzzyMatches("gr", { shortcut: "greet", title: "Greeting" })).toBe(true);
    expect(fuzzyMatches("rfd", { shortcut: "refund", title: "Refund policy" })).toBe(true);
    expect(fuzzyMatches("退", { shortcut: "th", title: "退货流程" })).toBe(true);
    expect(fuzzyMatches("xyz", { shortcut: "greet", title: "Greeting" })).toBe(false);
  });

  it("a conversation still with the bot is not shown as waiting in the queue", () => {
    expect(waitingBadge({ state: "bot", firstResponseAt: null })).toBe("bot");
    expect(waitingBadge({ state: "queued", firstResponseAt: null })).toBe("waiting");
    expect(waitingBadge({ state: "assigned", firstResponseAt: null })).toBe("waiting");
    expect(waitingBadge({ state: "assigned", firstResponseAt: "2026-11-28T12:00:00.000Z" })).toBeNull();
    expect(waitingBadge({ state: "resolved", firstResponseAt: null })).toBeNull();
    expect(waitingBadge({ state: "snoozed", firstResponseAt: null })).toBeNull();
  });

  it("formats waiting times", () => {
    const now = Date.parse("2026-11-28T12:00:00.000Z");
    expect(formatWaiting("2026-11-28T11:57:00.000Z", now)).toBe("3 min");
    expect(formatWaiting("2026-11-28T09:00:00.000Z", now)).toBe("3 hr");
    expect(formatWaiting("2026-11-26T12:00:00.000Z", now)).toBe("2 days");
    // In Chinese through Intl, not "1 min" inside a Chinese sentence (issue #13, defect 11).
    expect(formatWaiting("2026-11-28T11:59:00.000Z", now, "zh-CN")).toBe("1分钟");
    expect(formatWaiting("2026-11-26T12:00:00.000Z", now, "zh-CN")).toBe("2天");
  });

  it("a label filter keeps only rows carrying that label; a country code becomes its flag", () => {
    const vip: ListFilter = { ...all, labelId: "l1" };
    expect(matchesFilter(row("a", { labelIds: ["l1", "l2"] }), vip, "me")).toBe(true);
    expect(matchesFilter(row("b", { labelIds: ["l2"] }), vip, "me")).toBe(false);
    expect(applyInboxEvent([row("a", { labelIds: ["l1"] })], row("a", { labelIds: [], version: 1 }), vip, "me")).toEqual([]);
    expect(flagOf("DE")).toBe("🇩🇪");
    expect(flagOf("cn")).toBe("🇨🇳");
    for (const bad of [null, "", "D", "DEU", "1A"]) expect(flagOf(bad)).toBe("");
  });
});

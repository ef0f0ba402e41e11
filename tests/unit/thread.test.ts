import { describe, expect, it } from "vitest";
import { isRetryable, lastSeqOf, mergeIntoThread, pendingItem } from "../../client/thread.ts";
import type { VisitorMessage } from "../../server/contracts/messages.ts";

const message = (seq: number, clientMsgId = `c${seq}`): VisitorMessage => ({
  id: `m${seq}`,
  seq,
  clientMsgId,
  senderKind: "agent",
  type: "text",
  body: `body ${seq}`,
  createdAt: "2026-11-28T10:00:00.000Z",
});

describe("mergeIntoThread", () => {
  it("orders by seq, keeps one item per clientMsgId, and puts pending messages last", () => {
    const pending = pendingItem("mine", "typed", "visitor");
    const thread = mergeIntoThread([pending], [message(2), message(1), message(2)]);
    expect(thread.map((item) => item.clientMsgId)).toEqual(["c1", "c2", "mine"]);
    const echoed = mergeIntoThread(thread, [{ ...message(3, "mine"), senderKind: "visitor" }]);
    expect(echoed.map((item) => [item.clientMsgId, item.status])).toEqual([
      ["c1", "sent"],
      ["c2", "sent"],
      ["mine", "sent"],
    ]);
    expect(lastSeqOf(echoed)).toBe(3);
  });
  it("retries only when the request may not have arrived", () => {
    expect(isRetryable(new Error("socket closed"))).toBe(true);
    expect(isRetryable({ data: { code: "INTERNAL_SERVER_ERROR" } })).toBe(true);
    expect(isRetryable({ data: { code: "BAD_REQUEST" } })).toBe(false);
    expect(isRetryable({ data: { code: "UNAUTHORIZED" } })).toBe(false);
  });
});

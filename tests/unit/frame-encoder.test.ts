import { describe, expect, it } from "vitest";
import { decodeEvent } from "../../server/bus/bus.ts";
import { newMessageId } from "../../server/domain/messages/message-id.ts";
import { frameEncoder } from "../../server/realtime/frame-encoder.ts";

const message = { id: "m1", conversationId: "c1", seq: 7, body: 'quotes " and 中文', createdAt: "2026-12-03T08:00:00.000Z" };

describe("frames of bus events (serialise once per node)", () => {
  it("a tracked subscription event reuses the bus's bytes and reads back exactly as tRPC's own frame", () => {
    const event = decodeEvent(JSON.stringify(message));
    const response = { id: 3, jsonrpc: "2.0", result: { type: "data", id: "7", data: { id: "7", data: event } } };
    const frame = frameEncoder.encode(response);
    expect(JSON.parse(frame)).toEqual(JSON.parse(JSON.stringify(response)));
    expect(frame).toContain(JSON.stringify(message));
  });

  it("an untracked event (the inbox) too; without jsonrpc the frame has none", () => {
    const event = decodeEvent(JSON.stringify({ kind: "conversation", reason: "message", conversation: { id: "c1" } }));
    const response = { id: 9, result: { type: "data", data: event } };
    expect(JSON.parse(frameEncoder.encode(response))).toEqual(JSON.parse(JSON.stringify(response)));
  });

  it("the same event goes to every subscriber as the same bytes: the text it travelled as, not a new encoding", () => {
    // Text that JSON.stringify would write differently (spacing) shows which one the frame carries.
    const event = decodeEvent('{"seq": 7,  "body": "x"}');
    const frames = [1, 2].map((id) => frameEncoder.encode({ id, result: { type: "data", id: "7", data: { id: "7", data: event } } }));
    for (const frame of frames) expect(frame).toContain('{"seq": 7,  "body": "x"}');
  });

  it("anything not straight off the bus (a changed copy, a query answer, an error) is encoded as usual", () => {
    const copy = { ...(decodeEvent(JSON.stringify(message)) as object), body: "changed" };
    for (const response of [
      { id: 1, result: { type: "data", id: "7", data: { id: "7", data: copy } } },
      { id: 2, result: { type: "data", data: { ok: true } } },
      { id: 3, result: { type: "started" } },
      { id: 4, error: { message: "nope" } },
    ]) {
      expect(frameEncoder.encode(response)).toBe(JSON.stringify(response));
    }
  });
});

describe("message ids", () => {
  it("are ULID-shaped (26 lower-case Crockford characters), unique, and sort by time", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newMessageId(1_700_000_000_000 + Math.floor(i / 10)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const prefixes = ids.map((id) => id.slice(0, 10));
    expect([...prefixes].sort()).toEqual(prefixes);
  });
});

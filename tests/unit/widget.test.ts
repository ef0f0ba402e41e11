import { describe, expect, it } from "vitest";
import {
  envelope,
  frameEventTypes,
  hostEventTypes,
  localeOf,
  readEnvelope,
  type FrameEvents,
  type HostEvents,
} from "../../widget/protocol.ts";
import { widgetSettingsOf } from "../../server/contracts/widget-settings.ts";

describe("the host ↔ frame protocol", () => {
  it("reads its own envelopes and ignores everything else", () => {
    expect(readEnvelope<HostEvents>(envelope<HostEvents, "visibility">("visibility", { open: true }), hostEventTypes)).toEqual({
      parley: 1,
      type: "visibility",
      payload: { open: true },
    });
    expect(readEnvelope<FrameEvents>({ parley: 2, type: "ready", payload: { unread: 0 } }, frameEventTypes)).toBeNull();
    expect(readEnvelope<FrameEvents>({ parley: 1, type: "navigate", payload: {} }, frameEventTypes)).toBeNull();
    expect(readEnvelope<FrameEvents>({ parley: 1, type: "close" }, frameEventTypes)).toBeNull();
    expect(readEnvelope<FrameEvents>("close", frameEventTypes)).toBeNull();
    // A frame event is not a host event: each side accepts only the other side's types.
    expect(readEnvelope<HostEvents>(envelope<FrameEvents, "close">("close", {}), hostEventTypes)).toBeNull();
  });

  it("picks Chinese for any zh browser language and English otherwise", () => {
    expect(["zh", "zh-CN", "zh-TW", "ZH-hans"].map(localeOf)).toEqual(["zh-CN", "zh-CN", "zh-CN", "zh-CN"]);
    expect(["en-GB", "fr", "", null, undefined].map(localeOf)).toEqual(["en", "en", "en", "en", "en"]);
  });
});

describe("widget settings", () => {
  it("default every field, and fall back field by field when a stored value is malformed", () => {
    expect(widgetSettingsOf(null)).toEqual({
      color: "#4f46e5",
      position: "right",
      greeting: "",
      launcherText: "",
      agentName: "",
      agentAvatarUrl: "",
      offlineMessage: "",
      draftPreview: true,
      attachments: expect.objectContaining({ enabled: true, maxBytes: 10 * 1024 * 1024 }),
      preChat: { enabled: false, fields: [] },
      newConversationAfterMinutes: 240,
      texts: {},
    });
    expect(widgetSettingsOf({ newConversationAfterMinutes: -5 }).newConversationAfterMinutes).toBe(240);
    const settings = widgetSettingsOf({
      color: "red",
      position: "left",
      draftPreview: false,
      agentAvatarUrl: "javascript:alert(1)",
      greeting: "x".repeat(301),
    });
    expect(settings).toMatchObject({ color: "#4f46e5", position: "left", draftPreview: false, greeting: "" });
    expect(settings.agentAvatarUrl).toBe("");
  });
});

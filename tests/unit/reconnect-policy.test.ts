import { describe, expect, it } from "vitest";
import { reconnectDelayMs, reconnectPolicy } from "../../client/links/reconnect-policy.ts";
import { closeCodes, closeReason, retryHintOf } from "../../server/contracts/close-codes.ts";

/** A browser-like environment whose `online` and `visibilitychange` events the test fires. */
function fakeBrowser() {
  const listeners = new Map<string, () => void>();
  const document = {
    visibilityState: "hidden",
    addEventListener: (type: string, listener: () => void) => listeners.set(`doc:${type}`, listener),
  };
  return {
    environment: { addEventListener: (type: string, listener: () => void) => listeners.set(type, listener), document },
    fire(type: "online" | "visible") {
      if (type === "visible") {
        document.visibilityState = "visible";
        listeners.get("doc:visibilitychange")?.();
      } else listeners.get("online")?.();
    },
  };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
};

describe("reconnect policy", () => {
  it("spreads reconnects with full jitter, doubling up to a 10 s cap", () => {
    expect([0, 1, 2, 3].map((attempt) => reconnectDelayMs(attempt, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(reconnectDelayMs(20, () => 1)).toBe(10_000);
    expect(reconnectDelayMs(3, () => 0)).toBe(0);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(4000);
  });

  it("comes back when the server's close frame says, not later in a backoff of its own, and uses the hint once", () => {
    const policy = reconnectPolicy(() => 0, {});
    policy.onClose({ code: closeCodes.serverRestart, reason: closeReason({ reason: "server_restart", retryAfterMs: 1700 }) });
    policy.retryDelayMs(6);
    expect(policy.pendingMs()).toBe(1700);
    // The hinted attempt failed (the node is still starting): its own backoff from there.
    policy.retryDelayMs(7);
    expect(policy.pendingMs()).toBe(0);
    const late = reconnectPolicy(() => 1, {});
    late.onClose({ code: closeCodes.flood, reason: closeReason({ reason: "flood", retryAfterMs: 5000 }) });
    late.retryDelayMs(9);
    expect(late.pendingMs()).toBe(5250);
  });

  it("falls back to the close code's floor, and to its own backoff after an ordinary close", () => {
    const policy = reconnectPolicy(() => 0, {});
    policy.onClose({ code: closeCodes.slowConsumer });
    policy.retryDelayMs(0);
    expect(policy.pendingMs()).toBe(1000);
    policy.onClose({ code: 1006 });
    policy.retryDelayMs(2);
    expect(policy.pendingMs()).toBe(0);
    const own = reconnectPolicy(() => 1, {});
    own.onClose({ code: 1006 });
    own.retryDelayMs(2);
    expect(own.pendingMs()).toBe(4000);
    // A session that ended gives no time (null): the client's own backoff.
    own.onClose({ code: closeCodes.sessionEnded, reason: closeReason({ reason: "session_ended", retryAfterMs: null }) });
    own.retryDelayMs(0);
    expect(own.pendingMs()).toBe(1000);
  });

  it("cuts its own backoff short when the browser comes back online or the page becomes visible, never a server's hint", async () => {
    const browser = fakeBrowser();
    const policy = reconnectPolicy(() => 1, browser.environment);
    policy.onClose({ code: 1006 });
    policy.retryDelayMs(4);
    const waiting = policy.beforeConnect();
    expect(await settled(waiting)).toBe(false);
    browser.fire("online");
    expect(await settled(waiting)).toBe(true);

    policy.retryDelayMs(4);
    const hidden = policy.beforeConnect();
    browser.fire("visible");
    expect(await settled(hidden)).toBe(true);

    policy.onClose({ code: closeCodes.flood, reason: closeReason({ reason: "flood", retryAfterMs: 60_000 }) });
    policy.retryDelayMs(0);
    const hinted = policy.beforeConnect();
    browser.fire("online");
    expect(await settled(hinted)).toBe(false);
  });

  it("reads the hint from the close reason, ignoring reasons that are not ours", () => {
    expect(retryHintOf(closeReason({ reason: "flood", retryAfterMs: 5000 }))).toBe(5000);
    expect(retryHintOf(closeReason({ reason: "session_ended", retryAfterMs: null }))).toBeNull();
    expect(retryHintOf("going away")).toBeUndefined();
    expect(retryHintOf('{"retryAfterMs":-1}')).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { conversationStates } from "../../server/contracts/messages.ts";
import { canTransition, isOpenState, transitions } from "../../server/domain/conversations/transitions.ts";
import { previewOf } from "../../server/domain/messages/message-dto.ts";
import { isOriginAllowed, normalizeOrigin } from "../../server/domain/sites/origins.ts";
import { signVisitorToken, verifyVisitorToken } from "../../server/domain/sites/visitor-token.ts";

describe("conversation state machine", () => {
  it("has a row for every state, and only known states as targets", () => {
    expect(Object.keys(transitions).sort()).toEqual([...conversationStates].sort());
    for (const targets of Object.values(transitions)) for (const to of targets) expect(conversationStates).toContain(to);
  });
  it.each([
    ["bot", "queued", true],
    ["queued", "assigned", true],
    ["assigned", "resolved", true],
    ["resolved", "queued", true],
    ["resolved", "pending", false],
    ["queued", "pending", false],
    ["queued", "bot", false],
  ] as const)("%s → %s: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
  it("only resolved gives up the visitor's open slot", () => {
    expect(conversationStates.filter((state) => !isOpenState(state))).toEqual(["resolved"]);
  });
});

describe("origins", () => {
  const app = { publicUrl: "https://chat.example.com" };
  it("normalizes scheme, case, default port and path", () => {
    expect(normalizeOrigin("HTTPS://Shop.Example:443/cart?x=1")).toBe("https://shop.example");
    expect(normalizeOrigin("javascript:alert(1)")).toBeNull();
    expect(normalizeOrigin("not a url")).toBeNull();
  });
  it("allows the site's origins and the app itself, nothing else", () => {
    expect(isOriginAllowed("https://shop.example", ["https://shop.example/"], app)).toBe(true);
    expect(isOriginAllowed("https://chat.example.com", [], app)).toBe(true);
    expect(isOriginAllowed("http://10.0.0.5:3001", [], { ...app, requestHost: "10.0.0.5:3001" })).toBe(true);
    expect(isOriginAllowed("https://shop.example.evil.com", ["https://shop.example"], app)).toBe(false);
    expect(isOriginAllowed("http://shop.example", ["https://shop.example"], app)).toBe(false);
    expect(isOriginAllowed(null, ["https://shop.example"], app)).toBe(false);
    expect(isOriginAllowed("null", ["https://shop.example"], app)).toBe(false);
  });
});

describe("visitor tokens", () => {
  const secret = "unit-secret-unit-secret-unit-secret";
  const visitor = { organizationId: "org1", siteId: "site1", visitorId: "vis1" };
  it("round-trips, and refuses expired, forged and tampered tokens with different messages", async () => {
    const now = new Date("2026-11-28T10:00:00Z");
    const { token } = await signVisitorToken(secret, visitor, now);
    await expect(verifyVisitorToken(secret, token, now)).resolves.toMatchObject(visitor);
    await expect(verifyVisitorToken(secret, token, new Date("2026-11-28T11:00:01Z"))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: "visitor token expired; open a new session",
    });
    await expect(verifyVisitorToken(`${secret}x`, token, now)).rejects.toMatchObject({ message: "visitor token is invalid" });
    const [header, payload, signature] = token.split(".");
    const otherVisitor = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "vis2" }),
    ).toString("base64url");
    await expect(verifyVisitorToken(secret, `${header}.${otherVisitor}.${signature}`, now)).rejects.toMatchObject({
      message: "visitor token is invalid",
    });
  });
});

describe("previewOf", () => {
  it("folds whitespace and cuts long bodies", () => {
    expect(previewOf("  hello\n\n  world ")).toBe("hello world");
    expect(previewOf("x".repeat(500))).toHaveLength(140);
  });
});

import { describe, expect, it } from "vitest";
import { blankCannedVariables, fillCannedVariables } from "../../server/contracts/inbox.ts";
import { containsPattern } from "../../server/domain/search/search-inbox.ts";
import { describeUserAgent } from "../../server/domain/visitors/visitor-context.ts";
import { createMemoryPresence } from "../../server/presence/memory.ts";

describe("inbox helpers", () => {
  it("fills canned variables; unknown or missing ones become empty, spacing inside braces is allowed", () => {
    expect(
      fillCannedVariables("Hi {{visitor.name}}, I'm {{ agent.name }}.{{nope}}", { "visitor.name": "王小明", "agent.name": "Bob" }),
    ).toBe("Hi 王小明, I'm Bob.");
    expect(fillCannedVariables("Hi {{visitor.name}}!", { "visitor.name": null })).toBe("Hi !");
  });

  it("uses a variable's fallback when its value is empty, and names the variables that would go out blank", () => {
    const body = "Hi {{visitor.name|there}}, we'll write to {{visitor.email}}. — {{ agent.name | the team }}";
    expect(fillCannedVariables(body, { "visitor.name": null, "visitor.email": "", "agent.name": "Bob" })).toBe(
      "Hi there, we'll write to . — Bob",
    );
    expect(fillCannedVariables(body, { "visitor.name": "Mei", "visitor.email": "mei@example.com", "agent.name": " " })).toBe(
      "Hi Mei, we'll write to mei@example.com. — the team",
    );
    expect(blankCannedVariables(body, { "visitor.name": null, "visitor.email": null, "agent.name": "Bob" })).toEqual(["visitor.email"]);
    expect(blankCannedVariables("{{visitor.name|你好}}", {})).toEqual([]);
  });

  it("escapes LIKE wildcards and the escape character", () => {
    expect(containsPattern("50%")).toBe("%50!%%");
    expect(containsPattern("a_b!")).toBe("%a!_b!!%");
    expect(containsPattern("退货")).toBe("%退货%");
  });

  it("describes a desktop User-Agent and an absent one", () => {
    expect(
      describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"),
    ).toEqual({ browser: "Chrome 126", os: "Windows 10", device: null });
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null, device: null });
  });

  it("in-process presence expires entries like a Redis TTL", async () => {
    let now = 1_000;
    const presence = createMemoryPresence(() => now);
    await presence.set("org", "ann", "online", 75_000);
    await presence.set("org", "bob", "away", 75_000);
    expect(await presence.list("org")).toEqual(
      new Map([
        ["ann", "online"],
        ["bob", "away"],
      ]),
    );
    now += 60_000;
    await presence.set("org", "ann", "online", 75_000);
    now += 30_000;
    expect(await presence.list("org")).toEqual(new Map([["ann", "online"]]));
    await presence.remove("org", "ann");
    expect(await presence.list("org")).toEqual(new Map());
    expect(await presence.list("other-org")).toEqual(new Map());
  });
});

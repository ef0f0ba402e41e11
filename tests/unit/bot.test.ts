import { describe, expect, it } from "vitest";
import { botSettingsOf } from "../../server/domain/bot/bot-settings.ts";
import { asksForHuman, handoffBeforeReply, nextLowTurns } from "../../server/domain/bot/handoff.ts";
import { chunkDocument, KnowledgeIndex } from "../../server/domain/bot/knowledge-index.ts";
import { estimateTokens } from "../../server/domain/bot/llm.ts";
import { openSecret, sealSecret } from "../../server/domain/bot/secret-box.ts";
import { tokenize } from "../../server/domain/bot/tokenize.ts";
import { canTransition } from "../../server/domain/conversations/transitions.ts";

const settings = botSettingsOf(null);

describe("the bot's states in the conversation table", () => {
  it("a conversation leaves the bot to the queue (hand-off), straight to an agent, or resolved", () => {
    expect(canTransition("bot", "queued")).toBe(true);
    expect(canTransition("bot", "assigned")).toBe(true);
    expect(canTransition("bot", "resolved")).toBe(true);
    expect(canTransition("bot", "pending")).toBe(false);
  });
  it("only a resolved conversation comes back to the bot", () => {
    expect(canTransition("resolved", "bot")).toBe(true);
    for (const from of ["queued", "assigned", "pending", "snoozed"] as const) expect(canTransition(from, "bot")).toBe(false);
  });
});

describe("hand-off triggers", () => {
  it.each([
    "I want to talk to a human",
    "AGENT please",
    "转人工",
    "我要人工客服",
    "请帮我找真人",
    "オペレーターと話したい",
    "quiero un humano",
    "je veux un conseiller",
  ])("%s asks for a human", (text) => expect(asksForHuman(text)).toBe(true));
  it.each(["how do I return an item?", "退货政策是什么", "what are your opening hours", "in person pickup?"])("%s does not", (text) => {
    expect(asksForHuman(text)).toBe(false);
  });
  it("a VIP attribute hands off; a falsy one does not", () => {
    expect(handoffBeforeReply({ text: "hi", attributes: { vip: true }, pageUrl: null }, settings)).toBe("vip");
    expect(handoffBeforeReply({ text: "hi", attributes: { vip: "yes" }, pageUrl: null }, settings)).toBe("vip");
    expect(handoffBeforeReply({ text: "hi", attributes: { vip: false }, pageUrl: null }, settings)).toBeNull();
  });
  it("site rules: a keyword in the message or a page URL fragment", () => {
    const ruled = { ...settings, ruleKeywords: ["Invoice"], rulePages: ["/checkout"] };
    expect(handoffBeforeReply({ text: "where is my invoice", attributes: {}, pageUrl: null }, ruled)).toBe("site_rule");
    expect(handoffBeforeReply({ text: "hello", attributes: {}, pageUrl: "https://shop.example/checkout/2" }, ruled)).toBe("site_rule");
    expect(handoffBeforeReply({ text: "hello", attributes: {}, pageUrl: "https://shop.example/" }, ruled)).toBeNull();
  });
  it("low confidence hands off after N unsure turns in a row, and a confident turn resets the count", () => {
    expect(nextLowTurns(0, 0.1, settings)).toEqual({ lowTurns: 1, handoff: false });
    expect(nextLowTurns(1, 0.1, settings)).toEqual({ lowTurns: 2, handoff: true });
    expect(nextLowTurns(1, 0.9, settings)).toEqual({ lowTurns: 0, handoff: false });
  });
});

describe("retrieval", () => {
  const index = new KnowledgeIndex(
    [
      {
        id: "returns",
        questions: ["How do I return an item?", "Can I send something back?", "如何退货", "退货政策是什么"],
        answer: "Returns are free within 30 days.",
      },
      { id: "shipping", questions: ["How long does shipping take?", "发货要多久"], answer: "Orders ship within 2 days." },
    ],
    [
      {
        id: "doc",
        title: "Warranty",
        body: "# Warranty\n\nEvery device has a two-year warranty.\n\n# Repairs\n\nRepairs take about a week.",
      },
    ],
  );

  it("segments Chinese with jieba and drops stop words", () => {
    expect(tokenize("我想怎么退货？")).toEqual(["退货"]);
    expect(tokenize("How do I return an item?")).toEqual(["return", "item"]);
  });
  it("an English question matches its FAQ with full confidence", () => {
    const result = index.search("how can I return my item");
    expect(result.faq[0]).toMatchObject({ faqId: "returns", confidence: 1 });
  });
  it("a Chinese question matches a Chinese variant", () => {
    const result = index.search("请问怎么退货呀");
    expect(result.faq[0]).toMatchObject({ faqId: "returns" });
    expect(result.faq[0]!.confidence).toBeGreaterThanOrEqual(settings.faqThreshold);
    expect(index.search("发货需要多久")).toMatchObject({ faq: [{ faqId: "shipping" }] });
  });
  it("an unrelated question has low confidence", () => {
    expect(index.search("do you sell gift cards").confidence).toBeLessThan(settings.minConfidence);
  });
  it("document chunks are found by their content", () => {
    const result = index.search("how long is the warranty");
    expect(result.chunks[0]!.chunk.text).toContain("two-year warranty");
  });
  it("chunks split at headings and stay under the size limit", () => {
    const chunks = chunkDocument({ id: "d", title: "T", body: `# A\n\none\n\n# B\n\ntwo\n\n${"x".repeat(2000)}` });
    expect(chunks[0]!.text).toBe("# A\n\none");
    expect(chunks.every((chunk) => chunk.text.length <= 800)).toBe(true);
    expect(chunks.map((chunk) => chunk.text).join("")).toContain("two");
  });
});

describe("secret box and settings", () => {
  it("round-trips a key and refuses another secret or a tampered value", () => {
    const sealed = sealSecret("secret-one-secret-one-secret-one!", "sk-test-123");
    expect(sealed).not.toContain("sk-test");
    expect(openSecret("secret-one-secret-one-secret-one!", sealed)).toBe("sk-test-123");
    expect(openSecret("secret-two-secret-two-secret-two!", sealed)).toBeNull();
    expect(openSecret("secret-one-secret-one-secret-one!", `${sealed.slice(0, -4)}AAAA`)).toBeNull();
  });
  it("settings fall back to defaults field by field", () => {
    expect(botSettingsOf({ faqThreshold: 0.8, lowConfidenceTurns: "x" })).toMatchObject({ faqThreshold: 0.8, lowConfidenceTurns: 2 });
  });
  it("estimates tokens for text without reported usage", () => {
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("退货")).toBe(2);
  });
});

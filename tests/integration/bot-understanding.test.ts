import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorld } from "../support/deps.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { ask, botLines, botOn, handoffEvents } from "./bot-support.ts";

/** The phrasings through the whole bot turn, in FAQ-only mode (no LLM to rescue a miss). */
describe.each(backends())("the bot understands by meaning on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it('"I want to talk to a person" hands off, with the reason for the agent', async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const { conversation } = await ask(world.deps, tenant, "I want to talk to a person");
    expect(conversation).toMatchObject({ state: "queued", handoffReason: "visitor_asked" });
    expect(await handoffEvents(world.deps, conversation.id)).toEqual([{ event: "handoff", reason: "visitor_asked", botTurns: 0 }]);
  });

  it("paraphrases reach the FAQ without the LLM, in English and Chinese", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    await world.deps.db.botFaq.createMany({
      data: [
        { organizationId: tenant.organization.id, siteId: tenant.site.id, questions: ["How do I get a refund?"], answer: "Refunds reach your card in 5 days." },
        { organizationId: tenant.organization.id, siteId: tenant.site.id, questions: ["怎么退款？"], answer: "退款 5 天内原路退回。" },
      ],
    });
    const english = await ask(world.deps, tenant, "Hi, how can I get a refund for my order?");
    expect(await botLines(world.deps, english.conversation.id)).toEqual(["Refunds reach your card in 5 days."]);
    const chinese = await ask(world.deps, tenant, "我想退款，应该怎么办？");
    expect(await botLines(world.deps, chinese.conversation.id)).toEqual(["退款 5 天内原路退回。"]);
    expect([english.conversation.state, chinese.conversation.state]).toEqual(["bot", "bot"]);
  });

  it("a greeting and a thanks are answered in kind and do not count as unsure turns", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { settings: { lowConfidenceTurns: 2 } });
    const first = await ask(world.deps, tenant, "hello!");
    await ask(world.deps, tenant, "thanks", first.visitor);
    const { conversation } = await ask(world.deps, tenant, "您好", first.visitor);
    expect(conversation).toMatchObject({ state: "bot", botLowTurns: 0 });
    expect(await botLines(world.deps, conversation.id)).toEqual([
      "Hi! How can I help you today?",
      "You're welcome! Anything else I can help with?",
      "您好！请问有什么可以帮您？",
    ]);
  });
});

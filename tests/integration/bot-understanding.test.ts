import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorld } from "../support/deps.ts";
import { startFakeLlm } from "../support/fake-llm.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { ask, botLines, botOn, handoffEvents } from "./bot-support.ts";
import { botSettingsOf } from "../../server/domain/bot/bot-settings.ts";
import { resolveConversation } from "../../server/domain/conversations/resolve-conversation.ts";

/** The phrasings through the whole bot turn, in FAQ-only mode (no LLM to rescue a miss). */
describe.each(backends())("the bot understands by meaning on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let llm: Awaited<ReturnType<typeof startFakeLlm>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm?.close();
    await world?.close();
  });

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
        {
          organizationId: tenant.organization.id,
          siteId: tenant.site.id,
          questions: ["How do I get a refund?"],
          answer: "Refunds reach your card in 5 days.",
        },
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

  it("with an embeddings model, reaches what the in-process matchers missed; without one, or with the endpoint down, the bot goes on as before", async () => {
    // A toy embedding: the charge-reversal and refund wordings share a direction, hand-off requests another.
    const directions: [RegExp, number][] = [
      [/refund|reverse the charge|chargeback/i, 0],
      [/person|human|agent|人工|真人/i, 1],
      [/return|send something back|退货|shipping|发货/i, 2],
    ];
    const axis = (text: string) => {
      const vector = [0, 0, 0, 0];
      vector[directions.find(([pattern]) => pattern.test(text))?.[1] ?? 3] = 1;
      return vector;
    };
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, {
      mode: "faq",
      baseUrl: llm.baseUrl,
      settings: { embeddingModel: "fake-embed", lowConfidenceTurns: 5 },
    });
    await world.deps.db.botFaq.create({
      data: {
        organizationId: tenant.organization.id,
        siteId: tenant.site.id,
        questions: ["How do I get a refund?"],
        answer: "Refunds reach your card in 5 days.",
      },
    });
    // The endpoint has no embeddings (404): the bot is unsure, as without them.
    const down = await ask(world.deps, tenant, "could you reverse the charge on my card");
    expect(down.conversation.state).toBe("bot");
    expect(await botLines(world.deps, down.conversation.id)).not.toContain("Refunds reach your card in 5 days.");

    llm.embedWith(axis);
    const reached = await ask(world.deps, tenant, "could you reverse the charge on my card");
    expect(await botLines(world.deps, reached.conversation.id)).toEqual(["Refunds reach your card in 5 days."]);
    expect(llm.embeddingRequests.at(-1)).toMatchObject({ model: "fake-embed" });
    // A message unrelated to every FAQ still gets the usual unsure answer, and nothing else is embedded per message.
    const requestsBefore = llm.embeddingRequests.length;
    const unrelated = await ask(world.deps, tenant, "what colour is the sky on mars");
    expect(await botLines(world.deps, unrelated.conversation.id)).toEqual([botSettingsOf(null).unsureMessage]);
    expect(llm.embeddingRequests.length - requestsBefore).toBe(1);
    llm.embedWith(null);
  });

  it("the LLM sees the current conversation only: a new conversation after the quiet time carries none of the old one", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { mode: "llm", baseUrl: llm.baseUrl, settings: { lowConfidenceTurns: 5 } });
    llm.respond({ kind: "stream", tokens: ["Our ", "kettles ", "are ", "steel."] });
    const start = Date.now();
    const first = await ask({ ...world.deps, now: () => new Date(start) }, tenant, "tell me about the kettle with the blue lid");
    const conversation = first.conversation;
    await resolveConversation({ ...world.deps, now: () => new Date(start) }, tenant.agent, {
      conversationId: conversation.id,
      expectedVersion: conversation.version,
    });
    const later = { ...world.deps, now: () => new Date(start + 5 * 3_600_000) };
    const second = await ask(later, tenant, "what sizes do your teapots come in", first.visitor);
    expect(second.conversation.id).not.toBe(conversation.id);
    const prompt = llm.requests
      .at(-1)!
      .body.messages.filter((message) => message.role !== "system")
      .map((message) => message.content);
    expect(prompt).toEqual(["what sizes do your teapots come in"]);
  });
});

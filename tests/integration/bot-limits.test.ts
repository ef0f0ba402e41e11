import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignToAgent } from "../../server/domain/conversations/assign-to-agent.ts";
import { resolveConversation } from "../../server/domain/conversations/resolve-conversation.ts";
import { botReport } from "../../server/domain/reports/bot-report.ts";
import { createTestWorld } from "../support/deps.ts";
import { startFakeLlm } from "../support/fake-llm.ts";
import { createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { ask, botOn, messagesOf } from "./bot-support.ts";
import { addAgent } from "./inbox-support.ts";

describe.each(backends())("bot limits, summaries and report on %s", (backend) => {
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

  it("past the per-visitor reply limit the LLM is not called: the visitor is handed off", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { mode: "llm", baseUrl: llm.baseUrl, settings: { maxRepliesPerMinute: 1, lowConfidenceTurns: 5 } });
    llm.respond({ kind: "stream", tokens: ["Sure."] });
    const first = await ask(world.deps, tenant, "tell me about your kettles");
    const calls = llm.requests.length;
    const second = await ask(world.deps, tenant, "and another thing", first.visitor);
    expect(llm.requests.length).toBe(calls);
    expect(second.conversation).toMatchObject({ state: "queued", handoffReason: "limit" });
  });

  it("past the conversation's token budget the LLM is not called either", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, {
      mode: "llm",
      baseUrl: llm.baseUrl,
      settings: { maxTokensPerConversation: 100, lowConfidenceTurns: 5 },
    });
    llm.respond({ kind: "stream", tokens: ["Sure."], usage: { prompt: 90, completion: 20 } });
    const first = await ask(world.deps, tenant, "tell me about your kettles");
    const calls = llm.requests.length;
    const second = await ask(world.deps, tenant, "and another thing", first.visitor);
    expect(llm.requests.length).toBe(calls);
    expect(second.conversation).toMatchObject({ state: "queued", handoffReason: "limit" });
  });

  it("a transfer and a resolve leave a summary note from the bot; without an LLM, none", async () => {
    const tenant = await createTenant(world.deps);
    const other = await addAgent(world.deps, tenant.organization.id, "Second Agent");
    await botOn(world.deps, tenant, { mode: "llm", baseUrl: llm.baseUrl });
    const { conversation } = await ask(world.deps, tenant, "How can I return an item?");
    llm.respond({ kind: "stream", tokens: ["Asked ", "about ", "returns."] });
    const assigned = await assignToAgent(world.deps, tenant.agent, {
      conversationId: conversation.id,
      expectedVersion: conversation.version,
      assigneeId: other.id,
    });
    await world.deps.background.settle();
    const notes = async () =>
      (await messagesOf(world.deps, conversation.id)).filter((message) => message.type === "note").map((message) => message.body);
    expect(await notes()).toEqual(["Asked about returns."]);
    llm.respond({ kind: "stream", tokens: ["Resolved."] });
    await resolveConversation(world.deps, tenant.agent, { conversationId: conversation.id, expectedVersion: assigned.version });
    await world.deps.background.settle();
    expect(await notes()).toEqual(["Asked about returns.", "Resolved."]);

    const plain = await createTenant(world.deps);
    await botOn(world.deps, plain);
    const faqOnly = await ask(world.deps, plain, "How can I return an item?");
    await resolveConversation(world.deps, plain.agent, {
      conversationId: faqOnly.conversation.id,
      expectedVersion: faqOnly.conversation.version,
    });
    await world.deps.background.settle();
    expect((await messagesOf(world.deps, faqOnly.conversation.id)).filter((message) => message.type === "note")).toEqual([]);
  });

  it("reports the bot-resolved share, the hand-off rate and reasons, and answers before hand-off", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const solved = await ask(world.deps, tenant, "How can I return an item?");
    await resolveConversation(world.deps, tenant.agent, {
      conversationId: solved.conversation.id,
      expectedVersion: solved.conversation.version,
    });
    const handed = await ask(world.deps, tenant, "How long does shipping take?");
    await ask(world.deps, tenant, "转人工", handed.visitor);
    await ask(world.deps, tenant, "I want a human");
    const range = { organizationId: tenant.organization.id, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const report = await botReport(world.deps, range);
    expect(report).toMatchObject({
      conversations: 3,
      botResolved: 1,
      handoffs: 2,
      reasons: { visitor_asked: 2, low_confidence: 0 },
      averageBotTurnsBeforeHandoff: 0.5,
    });
    expect(report.botResolvedShare).toBeCloseTo(1 / 3);
    expect(report.handoffRate).toBeCloseTo(2 / 3);
    await expect(botReport(world.deps, { ...range, to: range.from })).rejects.toThrow(/end of the range must be after its start/);
  });
});

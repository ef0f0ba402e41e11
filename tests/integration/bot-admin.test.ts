import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botSettingsOf } from "../../server/domain/bot/bot-settings.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { agentCallerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { startFakeLlm } from "../support/fake-llm.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { messagesOf } from "./bot-support.ts";

describe.each(backends())("bot administration and agent assist on %s", (backend) => {
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

  async function adminOf() {
    const tenant = await createTenant(world.deps);
    const caller = await agentCallerFor(world.deps, tenant.admin.email, testPassword);
    const config = {
      siteId: tenant.site.id,
      mode: "llm" as const,
      name: "Helper",
      avatarUrl: null,
      settings: botSettingsOf(null),
      llm: { baseUrl: llm.baseUrl, model: "fake-model", temperature: 0.2, maxTokens: 200, apiKey: "sk-secret-1" },
    };
    return { tenant, caller, config };
  }

  it("saves the configuration with the key sealed and audited without it; omitting the key keeps it, an empty one removes it", async () => {
    const { tenant, caller, config } = await adminOf();
    const saved = await caller.admin.bot.save(config);
    expect(saved).toMatchObject({ mode: "llm", name: "Helper", llm: { baseUrl: llm.baseUrl, model: "fake-model", hasApiKey: true } });
    expect(JSON.stringify(saved)).not.toContain("sk-secret-1");
    await caller.admin.bot.save({ ...config, name: "Renamed", llm: { ...config.llm, apiKey: undefined } });
    expect(await caller.admin.bot.get({ siteId: tenant.site.id })).toMatchObject({ name: "Renamed", llm: { hasApiKey: true } });
    await caller.admin.bot.save({ ...config, llm: { ...config.llm, apiKey: "" } });
    expect(await caller.admin.bot.get({ siteId: tenant.site.id })).toMatchObject({ llm: { hasApiKey: false } });
    const audit = await world.deps.db.auditLog.findMany({ where: { organizationId: tenant.organization.id, action: "bot.configure" } });
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain("sk-secret-1");
  });

  it("refuses bad configuration with clear errors and keeps what was saved", async () => {
    const { tenant, caller, config } = await adminOf();
    await caller.admin.bot.save({ ...config, mode: "faq" });
    await expect(caller.admin.bot.save({ ...config, name: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "name: the bot needs a name",
    });
    await expect(caller.admin.bot.save({ ...config, llm: { ...config.llm, baseUrl: "ftp://x" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "llm.baseUrl: the base URL must be an http(s) URL",
    });
    await expect(caller.admin.bot.save({ ...config, llm: { ...config.llm, baseUrl: "" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "FAQ + LLM needs the endpoint's base URL and a model",
    });
    // With public sign-up any admin could point the bot into the server's own network; refused unless allowed.
    const guarded = await agentCallerFor({ ...world.deps, allowPrivateLlm: false }, tenant.admin.email, testPassword);
    await expect(guarded.admin.bot.save({ ...config, llm: { ...config.llm, baseUrl: "http://127.0.0.1:11434/v1" } })).rejects.toMatchObject(
      {
        code: "BAD_REQUEST",
        message: "127.0.0.1 is an internal address; only public ones may be called (set LLM_ALLOW_PRIVATE=1 to allow)",
      },
    );
    await expect(caller.admin.bot.faqs.save({ siteId: tenant.site.id, questions: [], answer: "x" })).rejects.toMatchObject({
      message: "questions: add at least one way of asking",
    });
    expect(await caller.admin.bot.get({ siteId: tenant.site.id })).toMatchObject({ mode: "faq", name: "Helper" });
    expect(await caller.admin.bot.faqs.list({ siteId: tenant.site.id })).toEqual([]);
  });

  it("FAQ entries and documents: created, edited, found by the test box, deleted", async () => {
    const { tenant, caller, config } = await adminOf();
    await caller.admin.bot.save({ ...config, mode: "faq" });
    const siteId = tenant.site.id;
    const faq = await caller.admin.bot.faqs.save({ siteId, questions: ["营业时间是什么时候", "opening hours"], answer: "9:00-18:00" });
    await caller.admin.bot.documents.save({ siteId, title: "Warranty", body: "# Warranty\n\nEvery device has a two-year warranty." });
    expect(await caller.admin.bot.test({ siteId, question: "你们的营业时间？" })).toMatchObject({ source: "faq", answer: "9:00-18:00" });
    await caller.admin.bot.faqs.save({ id: faq.id, siteId, questions: ["opening hours"], answer: "8:00-20:00" });
    expect(await caller.admin.bot.test({ siteId, question: "what are your opening hours" })).toMatchObject({
      source: "faq",
      answer: "8:00-20:00",
    });
    expect(await caller.admin.bot.test({ siteId, question: "warranty length" })).toMatchObject({ source: "unsure", chunks: ["Warranty"] });
    expect(await caller.admin.bot.test({ siteId, question: "转人工" })).toMatchObject({
      source: "handoff",
      handoffReason: "visitor_asked",
    });
    await caller.admin.bot.faqs.delete({ id: faq.id });
    expect(await caller.admin.bot.faqs.list({ siteId })).toEqual([]);
    await expect(caller.admin.bot.faqs.delete({ id: faq.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await caller.admin.bot.documents.list({ siteId })).map((document) => document.title)).toEqual(["Warranty"]);
  });

  it("the test box asks the LLM when no FAQ is sure, and the tokens are logged for the organization", async () => {
    const { tenant, caller, config } = await adminOf();
    await caller.admin.bot.save(config);
    llm.respond({ kind: "stream", tokens: ["We ", "open ", "at ", "nine."], usage: { prompt: 40, completion: 4 } });
    expect(await caller.admin.bot.test({ siteId: tenant.site.id, question: "when do you open" })).toMatchObject({
      source: "llm",
      answer: "We open at nine.",
    });
    expect(await caller.admin.bot.usage()).toEqual([{ kind: "test", calls: 1, promptTokens: 40, completionTokens: 4 }]);
  });

  it("suggest reply drafts but does not send; summarize keeps an internal note", async () => {
    const { tenant, caller, config } = await adminOf();
    const visitor = await tenant.visitor();
    const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "my parcel is late" });
    await caller.admin.bot.save(config);
    const before = await messagesOf(world.deps, ack.conversationId);
    llm.respond({ kind: "stream", tokens: ["Sorry ", "about ", "that!"] });
    expect(await caller.agent.assist.suggest({ conversationId: ack.conversationId })).toEqual({ draft: "Sorry about that!" });
    expect(await messagesOf(world.deps, ack.conversationId)).toEqual(before);
    expect(llm.requests.at(-1)!.body.messages.at(-1)).toEqual({ role: "user", content: "my parcel is late" });

    llm.respond({ kind: "stream", tokens: ["Visitor's ", "parcel ", "is late."] });
    expect(await caller.agent.assist.summarize({ conversationId: ack.conversationId })).toEqual({ summary: "Visitor's parcel is late." });
    const after = await messagesOf(world.deps, ack.conversationId);
    expect(after.at(-1)).toMatchObject({ type: "note", body: "Visitor's parcel is late." });

    llm.respond({ kind: "error", status: 503 });
    await expect(caller.agent.assist.suggest({ conversationId: ack.conversationId })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "the LLM endpoint did not answer",
    });
    await world.deps.background.settle();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topics } from "../../server/bus/topics.ts";
import type { ConversationState } from "../../server/contracts/messages.ts";
import type { ConversationSignal } from "../../server/contracts/signals.ts";
import { parseThreadEvent } from "../../server/contracts/thread-events.ts";
import { getBotConfigView, saveBotConfig } from "../../server/domain/bot/bot-config.ts";
import { botSettingsOf } from "../../server/domain/bot/bot-settings.ts";
import { runBotTurn } from "../../server/domain/bot/run-bot-turn.ts";
import { handOff } from "../../server/domain/bot/hand-off-turn.ts";
import { changeConversationState } from "../../server/domain/conversations/change-state.ts";
import { handOffConversation } from "../../server/domain/conversations/hand-off.ts";
import { resolveConversation } from "../../server/domain/conversations/resolve-conversation.ts";
import { sendAgentMessage } from "../../server/domain/messages/send-agent-message.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { setVisitorAttributes } from "../../server/domain/visitors/identify-visitor.ts";
import { createTestWorld } from "../support/deps.ts";
import { startFakeLlm } from "../support/fake-llm.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { ask, botLines, botOn, countingNode, handoffEvents, messagesOf } from "./bot-support.ts";
import { until } from "./inbox-support.ts";

describe.each(backends())("the bot on %s", (backend) => {
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

  it("each move out of and back to the bot is one compare-and-set that writes one state event", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const organizationId = tenant.organization.id;
    const system = { kind: "system" as const, id: null };
    const stateEvents = async (id: string) =>
      (await messagesOf(world.deps, id)).map((message) => parseThreadEvent(message.body)).filter((event) => event?.event === "state");
    const start = async () => {
      const visitor = await tenant.visitor();
      const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "How can I return an item?" });
      await world.deps.background.settle();
      return world.deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } });
    };
    const move = (conversation: { id: string }, to: ConversationState, expectedVersion: number, assigneeId?: string) =>
      changeConversationState(world.deps, {
        organizationId,
        conversationId: conversation.id,
        to,
        expectedVersion,
        assigneeId,
        actor: system,
      });
    const handOff = (conversation: { id: string }, expectedVersion: number) =>
      handOffConversation(world.deps, {
        organizationId,
        conversationId: conversation.id,
        expectedVersion,
        reason: "visitor_asked",
        botTurns: 1,
        eventKey: clientMsgId(),
      });

    const handed = await start();
    expect(await handOff(handed, handed.version)).toBe(true);
    expect(await stateEvents(handed.id)).toEqual([{ event: "state", from: "bot", to: "queued", assigneeId: null }]);
    expect(await world.deps.db.conversation.findUniqueOrThrow({ where: { id: handed.id } })).toMatchObject({
      state: "queued",
      handoffReason: "visitor_asked",
      version: handed.version + 1,
    });

    const joined = await start();
    await move(joined, "assigned", joined.version, tenant.admin.id);
    expect(await stateEvents(joined.id)).toEqual([{ event: "state", from: "bot", to: "assigned", assigneeId: tenant.admin.id }]);

    const resolved = await start();
    const { version } = await move(resolved, "resolved", resolved.version);
    await move(resolved, "bot", version);
    expect((await stateEvents(resolved.id)).map((event) => event?.event === "state" && [event.from, event.to])).toEqual([
      ["bot", "resolved"],
      ["resolved", "bot"],
    ]);

    // A stale version is refused and writes nothing; a move the table does not have is refused before any write.
    const stale = await start();
    expect(await handOff(stale, stale.version + 5)).toBe(false);
    await expect(move(stale, "resolved", stale.version + 5)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(move(stale, "pending", stale.version)).rejects.toThrow(/cannot become pending/);
    expect(await stateEvents(stale.id)).toEqual([]);
  });

  it("a hand-off is one compare-and-set, one commit of its two event lines and one inbox event", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const { conversation } = await ask(world.deps, tenant, "How can I return an item?");
    const counted = countingNode(world.deps);
    const outcome = await handOff(
      counted.node,
      {
        id: conversation.id,
        organizationId: tenant.organization.id,
        siteId: tenant.site.id,
        visitorId: conversation.visitorId,
        botTurns: 1,
      },
      {
        visitorMessageId: clientMsgId(),
        reason: "visitor_asked",
        politeLine: null,
      },
    );
    await until(() => counted.inboxPublishes > 0);
    expect(outcome).toEqual({ kind: "handoff", reason: "visitor_asked" });
    expect(counted.conversationWrites).toEqual(["updateMany"]);
    expect(counted.commits).toBe(1);
    expect(counted.inboxPublishes).toBe(1);
    expect((await handoffEvents(world.deps, conversation.id)).map((event) => event.reason)).toEqual(["visitor_asked"]);
  });

  it("with the bot off, a conversation starts queued as before", async () => {
    const tenant = await createTenant(world.deps);
    const { conversation } = await ask(world.deps, tenant, "hello");
    expect(conversation.state).toBe("queued");
    expect(await botLines(world.deps, conversation.id)).toEqual([]);
  });

  it("an FAQ hit: the conversation starts with the bot, is not routed, and gets the answer once even when the send is retried", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const visitor = await tenant.visitor();
    const id = clientMsgId();
    const ack = await sendVisitorMessage(world.deps, visitor, { clientMsgId: id, body: "How can I return an item?" });
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: id, body: "How can I return an item?" });
    await world.deps.background.settle();
    const conversation = await world.deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } });
    expect(conversation).toMatchObject({ state: "bot", queuedAt: null, teamId: null, botTurns: 1 });
    expect(await botLines(world.deps, conversation.id)).toEqual(["Returns are free within 30 days."]);
    // Running the same turn again (a retry after a crash) posts nothing new.
    const visitorMessage = (await messagesOf(world.deps, conversation.id)).find((message) => message.senderKind === "visitor")!;
    await runBotTurn(world.deps, { organizationId: tenant.organization.id, conversationId: conversation.id, message: visitorMessage });
    expect(await botLines(world.deps, conversation.id)).toHaveLength(1);
  });

  it("a Chinese question is matched by retrieval", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const { conversation } = await ask(world.deps, tenant, "请问怎么退货？");
    expect(await botLines(world.deps, conversation.id)).toEqual(["Returns are free within 30 days."]);
  });

  it.each([
    ["visitor_asked", "转人工"],
    ["visitor_asked", "can I talk to a human please"],
  ])("hands off (%s) when the visitor writes %j", async (reason, text) => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const { conversation } = await ask(world.deps, tenant, text);
    expect(conversation).toMatchObject({ state: "queued", handoffReason: reason });
    expect(await botLines(world.deps, conversation.id)).toEqual([botSettingsOf(null).handoffMessage]);
    expect(await handoffEvents(world.deps, conversation.id)).toEqual([{ event: "handoff", reason, botTurns: 0 }]);
    const states = (await messagesOf(world.deps, conversation.id)).filter((message) => message.body.includes('"event":"state"'));
    expect(JSON.parse(states[0]!.body)).toMatchObject({ from: "bot", to: "queued" });
  });

  it("a conversation still with the bot when the bot is turned off goes to the queue on the visitor's next message", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const first = await ask(world.deps, tenant, "How can I return an item?");
    await world.deps.db.botConfig.updateMany({ where: { siteId: tenant.site.id }, data: { mode: "off" } });
    const second = await ask(world.deps, tenant, "one more question", first.visitor);
    expect(second.conversation).toMatchObject({ id: first.conversation.id, state: "queued", handoffReason: "bot_off" });
    expect(await botLines(world.deps, second.conversation.id)).toEqual(["Returns are free within 30 days."]);
  });

  it("hands off a VIP at once", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const visitor = await tenant.visitor();
    await setVisitorAttributes(world.deps, visitor, { vip: true });
    const { conversation } = await ask(world.deps, tenant, "How long does shipping take?", visitor);
    expect(conversation).toMatchObject({ state: "queued", handoffReason: "vip" });
  });

  it("hands off on a site rule", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { settings: { ruleKeywords: ["invoice"] } });
    const { conversation } = await ask(world.deps, tenant, "I need a copy of my INVOICE");
    expect(conversation).toMatchObject({ state: "queued", handoffReason: "site_rule" });
  });

  it("says it is unsure, then hands off when confidence stays low for N turns", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { settings: { lowConfidenceTurns: 2 } });
    const first = await ask(world.deps, tenant, "do you sell gift cards");
    expect(first.conversation).toMatchObject({ state: "bot", botLowTurns: 1 });
    expect(await botLines(world.deps, first.conversation.id)).toEqual([botSettingsOf(null).unsureMessage]);
    const second = await ask(world.deps, tenant, "what about vouchers", first.visitor);
    expect(second.conversation).toMatchObject({ state: "queued", handoffReason: "low_confidence" });
    expect(await handoffEvents(world.deps, second.conversation.id)).toEqual([{ event: "handoff", reason: "low_confidence", botTurns: 1 }]);
  });

  it("an LLM answer streams as growing partials, is persisted once, and its tokens are logged; the key is sent but stored sealed", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { mode: "llm", baseUrl: llm.baseUrl, apiKey: "sk-fake-key", settings: { lowConfidenceTurns: 5 } });
    const stored = await world.deps.db.botConfig.findFirstOrThrow({ where: { siteId: tenant.site.id } });
    expect(stored.llmApiKey).not.toContain("sk-fake-key");
    expect(await getBotConfigView(world.deps, tenant.organization.id, tenant.site.id)).toMatchObject({ llm: { hasApiKey: true } });
    llm.respond({ kind: "stream", tokens: ["Gift ", "cards ", "are ", "sold ", "in ", "store."], usage: { prompt: 120, completion: 6 } });

    const visitor = await tenant.visitor();
    const first = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "tell me about your kettles" });
    await world.deps.background.settle();
    const partials: ConversationSignal[] = [];
    const stop = new AbortController();
    await world.deps.bus.subscribe(
      topics.conversationSignals(first.conversationId),
      (event) => partials.push(event as ConversationSignal),
      stop.signal,
    );
    await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "do you sell gift cards in the store?" });
    await world.deps.background.settle();
    // Across Redis the last signal may still be on its way.
    await until(() => partials.some((signal) => signal.kind === "botPartial" && signal.done));
    stop.abort();

    const texts = partials.flatMap((signal) => (signal.kind === "botPartial" && !signal.done ? [signal.text] : []));
    expect(texts).toEqual([
      "Gift ",
      "Gift cards ",
      "Gift cards are ",
      "Gift cards are sold ",
      "Gift cards are sold in ",
      "Gift cards are sold in store.",
    ]);
    expect(partials.at(-1)).toMatchObject({ kind: "botPartial", done: true, text: "Gift cards are sold in store." });
    expect((await botLines(world.deps, first.conversationId)).at(-1)).toBe("Gift cards are sold in store.");
    const request = llm.requests.at(-1)!;
    expect(request.authorization).toBe("Bearer sk-fake-key");
    expect(request.body).toMatchObject({ model: "fake-model", stream: true });
    expect(request.body.messages[0]!.role).toBe("system");
    expect(request.body.messages.at(-1)).toEqual({ role: "user", content: "do you sell gift cards in the store?" });
    const usage = await world.deps.db.botUsage.findMany({ where: { organizationId: tenant.organization.id } });
    expect(usage.map((row) => [row.kind, row.promptTokens, row.completionTokens])).toContainEqual(["reply", 120, 6]);
  });

  it("an LLM timeout falls back to the best FAQ answer; a failure with no FAQ to fall back on hands off", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, {
      mode: "llm",
      baseUrl: llm.baseUrl,
      settings: { firstTokenTimeoutMs: 500, faqThreshold: 0.9, lowConfidenceTurns: 5 },
    });
    llm.respond({ kind: "stall" });
    // Half the terms match the shipping FAQ: under the threshold, so the LLM is asked, and stalls.
    const slow = await ask(world.deps, tenant, "shipping to Mars");
    expect(slow.conversation.state).toBe("bot");
    expect(await botLines(world.deps, slow.conversation.id)).toEqual(["Orders ship within 2 days."]);

    llm.respond({ kind: "error", status: 500 });
    const failed = await ask(world.deps, tenant, "tell me about your kettles");
    expect(failed.conversation).toMatchObject({ state: "queued", handoffReason: "llm_error" });
    expect(await botLines(world.deps, failed.conversation.id)).toEqual([botSettingsOf(null).handoffMessage]);
  });

  it("the bot is silent once an agent joins, even mid-stream", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant, { mode: "llm", baseUrl: llm.baseUrl, settings: { lowConfidenceTurns: 5 } });
    llm.respond({ kind: "stream", tokens: ["one ", "two"] });
    const { visitor, conversation } = await ask(world.deps, tenant, "tell me about your kettles");
    await sendAgentMessage(world.deps, tenant.agent, { conversationId: conversation.id, clientMsgId: clientMsgId(), body: "Hi, I'm here" });
    const before = await botLines(world.deps, conversation.id);
    await ask(world.deps, tenant, "How can I return an item?", visitor);
    expect(await botLines(world.deps, conversation.id)).toEqual(before);

    // Mid-stream: the agent writes while tokens are still coming.
    const other = await tenant.visitor();
    let requested!: () => void;
    const started = new Promise<void>((resolve) => (requested = resolve));
    llm.respond(() => {
      requested();
      return { kind: "stream", tokens: Array.from({ length: 40 }, (_, i) => `t${i} `), tokenDelayMs: 50 };
    });
    const ack = await sendVisitorMessage(world.deps, other, { clientMsgId: clientMsgId(), body: "what kettles do you have in stock?" });
    await started;
    await sendAgentMessage(world.deps, tenant.agent, {
      conversationId: ack.conversationId,
      clientMsgId: clientMsgId(),
      body: "Taking this one",
    });
    await world.deps.background.settle();
    expect(await botLines(world.deps, ack.conversationId)).toEqual([]);
    expect((await world.deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } })).state).toBe("assigned");
  });

  it("a resolved conversation reopens to the bot", async () => {
    const tenant = await createTenant(world.deps);
    await botOn(world.deps, tenant);
    const { visitor, conversation } = await ask(world.deps, tenant, "How can I return an item?");
    await resolveConversation(world.deps, tenant.agent, { conversationId: conversation.id, expectedVersion: conversation.version });
    const again = await ask(world.deps, tenant, "发货要多久", visitor);
    expect(again.conversation).toMatchObject({ id: conversation.id, state: "bot" });
    expect((await botLines(world.deps, conversation.id)).at(-1)).toBe("Orders ship within 2 days.");
  });

  it("refuses FAQ + LLM without an endpoint, and another organization's site; nothing is saved", async () => {
    const tenant = await createTenant(world.deps);
    const other = await createTenant(world.deps, "Other");
    const input = {
      siteId: tenant.site.id,
      mode: "llm" as const,
      name: "Bot",
      avatarUrl: null,
      settings: botSettingsOf(null),
      llm: { baseUrl: "", model: "", temperature: 0.3, maxTokens: 100 },
    };
    await expect(saveBotConfig(world.deps, tenant.agent, input)).rejects.toThrow(/base URL and a model/);
    await expect(saveBotConfig(world.deps, other.agent, { ...input, mode: "faq" })).rejects.toThrow(/site not found/);
    expect(await world.deps.db.botConfig.count({ where: { siteId: tenant.site.id } })).toBe(0);
  });
});

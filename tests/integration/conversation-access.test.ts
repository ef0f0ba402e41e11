import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentIdentity } from "../../server/domain/agents/agent-identity.ts";
import { conversationForAgent, conversationForVisitor } from "../../server/domain/conversations/access.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { identifyVisitor, identityHash } from "../../server/domain/visitors/identify-visitor.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";

describe.each(backends())("who may see a conversation (conversations/access.ts) on %s", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
  });
  afterAll(() => world?.close());

  it("an agent: any conversation of their organization by id, team or not; another organization's is NOT_FOUND", async () => {
    const acme = await createTenant(world.deps, "Acme");
    const globex = await createTenant(world.deps, "Globex");
    const visitor = await acme.visitor();
    const sent = await sendVisitorMessage(world.deps, visitor, { clientMsgId: clientMsgId(), body: "hello" });
    // In a team the agent is not a member of: team scope narrows the lists only, never a conversation opened by id.
    const team = await world.deps.db.team.create({ data: { organizationId: acme.organization.id, name: "Billing" } });
    await world.deps.db.conversation.updateMany({ where: { id: sent.conversationId }, data: { teamId: team.id } });
    const plainAgent: AgentIdentity = { ...acme.agent, role: "agent" };
    await expect(conversationForAgent(world.deps, plainAgent, sent.conversationId, { id: true })).resolves.toEqual({
      id: sent.conversationId,
    });
    await expect(conversationForAgent(world.deps, globex.agent, sent.conversationId, { id: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a visitor: their own, and their verified identity's; another visitor's, a claimed identity's or another site's is NOT_FOUND", async () => {
    const acme = await createTenant(world.deps, "Acme");
    await world.deps.db.site.update({ where: { id: acme.site.id }, data: { identitySecret: "site-identity-secret" } });
    const laptop = await acme.visitor();
    const phone = await acme.visitor();
    const stranger = await acme.visitor();
    const mine = await sendVisitorMessage(world.deps, laptop, { clientMsgId: clientMsgId(), body: "from the laptop" });
    await expect(conversationForVisitor(world.deps, laptop, mine.conversationId, { id: true })).resolves.toEqual({
      id: mine.conversationId,
    });
    await expect(conversationForVisitor(world.deps, phone, mine.conversationId, { id: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const hash = identityHash("site-identity-secret", "user-7");
    await identifyVisitor(world.deps, laptop, { id: "user-7", hash });
    await identifyVisitor(world.deps, phone, { id: "user-7", hash });
    await identifyVisitor(world.deps, stranger, { id: "user-7" });
    await expect(conversationForVisitor(world.deps, phone, mine.conversationId, { id: true })).resolves.toEqual({
      id: mine.conversationId,
    });
    await expect(conversationForVisitor(world.deps, stranger, mine.conversationId, { id: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    const otherSite = { ...laptop, siteId: (await createTenant(world.deps, "Initech")).site.id };
    await expect(conversationForVisitor(world.deps, otherSite, mine.conversationId, { id: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

/**
 * Every place that loads one conversation, listed: agents' and visitors' paths go through conversations/access.ts;
 * the rest act for the system (routing, the bot, jobs, the CAS itself) on ids they got from a row of the same
 * organization. A new direct read fails this test until it is either routed through access.ts or listed here.
 */
describe("one place decides access", () => {
  const systemReaders = new Map<string, string>([
    ["server/domain/conversations/access.ts", "the rules themselves"],
    ["server/domain/conversations/assign.ts", "routing's CAS, inside its transaction"],
    ["server/domain/effects.ts", "the inbox row after a committed change"],
    ["server/domain/routing/drain-queue.ts", "the head of a team's queue"],
    ["server/domain/routing/route-conversation.ts", "routing a conversation it was handed"],
    ["server/domain/bot/run-bot-turn.ts", "the bot's turn after a visitor's message"],
    ["server/domain/bot/bot-turn.ts", "the bot re-reading its conversation's state"],
    ["server/domain/bot/assist.ts", "summarizeLater, after an agent's action already checked"],
    ["server/domain/email-replies/email-replies.ts", "the reply-by-email job"],
  ]);

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === "generated" ? [] : files(path);
      return path.endsWith(".ts") ? [path] : [];
    });
  }

  it("agents' and visitors' paths read a conversation only through access.ts", () => {
    const readers = ["server/domain", "server/trpc", "server/http", "server/realtime"]
      .flatMap(files)
      .filter((path) => /\bconversation\.find(First|Unique)(OrThrow)?\(/.test(readFileSync(path, "utf8")));
    expect(readers.filter((path) => !systemReaders.has(path))).toEqual([]);
  });
});

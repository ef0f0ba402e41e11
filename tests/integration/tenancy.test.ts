import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../server/domain/api-tokens/api-tokens.ts";
import type { Deps } from "../../server/domain/deps.ts";
import { sendVisitorMessage } from "../../server/domain/messages/send-visitor-message.ts";
import { topics } from "../../server/bus/topics.ts";
import { appRouter } from "../../server/trpc/router.ts";
import { callerFor } from "../support/caller.ts";
import { createTestWorld } from "../support/deps.ts";
import { clientMsgId, createTenant } from "../support/fixtures.ts";
import { backends } from "../support/test-database.ts";
import { addAgent, agentCaller } from "./inbox-support.ts";

/** A string that appears only in organization A's data: it must never reach organization B. */
const secret = "A-ONLY-7f3c9e";

/** Organization A with one of everything an id can point at. */
async function victimOrganization(deps: Deps) {
  const tenant = await createTenant(deps, "Victim");
  const organizationId = tenant.organization.id;
  const visitor = await tenant.visitor();
  const ack = await sendVisitorMessage(deps, visitor, { clientMsgId: clientMsgId(), body: `order ${secret}` });
  const agent = await addAgent(deps, organizationId, "Victim Agent");
  const team = await deps.db.team.create({
    data: { organizationId, name: `Team ${secret}`, members: { create: [{ organizationId, userId: agent.id }] } },
  });
  const rule = await deps.db.routingRule.create({
    data: {
      organizationId,
      siteId: tenant.site.id,
      position: 0,
      teamId: team.id,
      conditions: [{ field: "pageUrl", op: "contains", value: secret }],
    },
  });
  const webhook = await deps.db.webhook.create({
    data: { organizationId, url: `https://hooks.example/${secret}`, secret: "w".repeat(32), events: ["message.created"] },
  });
  const canned = await deps.db.cannedResponse.create({ data: { organizationId, shortcut: "hi", title: secret, body: secret } });
  const invitation = await deps.db.invitation.create({
    data: {
      organizationId,
      email: `invitee-${secret}@victim.test`,
      tokenHash: "h".repeat(64),
      invitedById: tenant.admin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const token = await createApiToken(deps, tenant.agent, { name: secret, scopes: ["read"] });
  const site = { organizationId, siteId: tenant.site.id };
  await deps.db.botConfig.create({ data: { ...site, name: secret } });
  const faq = await deps.db.botFaq.create({ data: { ...site, questions: [secret], answer: secret } });
  const document = await deps.db.botDocument.create({ data: { ...site, title: secret, body: secret } });
  const label = await deps.db.label.create({ data: { organizationId, name: `Label ${secret}`, color: "#123456" } });
  await deps.db.conversationLabel.create({ data: { organizationId, conversationId: ack.conversationId, labelId: label.id } });
  const conversation = await deps.db.conversation.findUniqueOrThrow({ where: { id: ack.conversationId } });
  return {
    tenant,
    ids: {
      conversation: conversation.id,
      version: conversation.version,
      visitor: visitor.visitorId,
      agent: agent.id,
      admin: tenant.admin.id,
      team: team.id,
      site: tenant.site.id,
      rule: rule.id,
      webhook: webhook.id,
      canned: canned.id,
      invitation: invitation.id,
      token: token.id,
      faq: faq.id,
      document: document.id,
      label: label.id,
    },
  };
}

type Ids = Awaited<ReturnType<typeof victimOrganization>>["ids"];

/**
 * What organization B tries against each agent.* / admin.* procedure, aimed at organization A's ids. Every procedure
 * must be listed (see the first test): a new procedure is not done until it says how it is attacked here.
 */
const attacks: Record<string, (a: Ids) => unknown[]> = {
  // One's own language: nothing of another organization to reach, yet it still needs a session.
  "agent.preferences.get": () => [undefined],
  "agent.preferences.setLanguage": () => [{ language: "en" }, { language: null }],
  "agent.actions.assign": (a) => [
    { conversationId: a.conversation, expectedVersion: a.version, assigneeId: a.agent },
    { conversationId: a.conversation, expectedVersion: a.version, assigneeId: a.agent, overrideCapacity: true },
  ],
  "agent.actions.transferToTeam": (a) => [{ conversationId: a.conversation, expectedVersion: a.version, teamId: a.team }],
  "agent.actions.resolve": (a) => [{ conversationId: a.conversation, expectedVersion: a.version }],
  "agent.actions.reopen": (a) => [{ conversationId: a.conversation, expectedVersion: a.version }],
  "agent.actions.snooze": (a) => [
    { conversationId: a.conversation, expectedVersion: a.version, until: new Date(Date.now() + 3_600_000).toISOString() },
  ],
  "agent.actions.block": (a) => [{ conversationId: a.conversation, expectedVersion: a.version, reason: "spam" }],
  "agent.actions.unblock": (a) => [{ visitorId: a.visitor }],
  "agent.actions.note": (a) => [{ conversationId: a.conversation, clientMsgId: clientMsgId(), body: "pwned" }],
  "agent.workspace.agents": () => [undefined],
  "agent.workspace.teams": () => [undefined],
  "agent.workspace.setStatus": () => [{ status: "online" }],
  "agent.workspace.onPresence": () => [undefined],
  "agent.workspace.onPersonal": () => [undefined],
  "agent.workspace.search": () => [{ query: secret }, { query: "order" }],
  "agent.workspace.conversation": (a) => [{ conversationId: a.conversation }],
  "agent.workspace.visitor": (a) => [{ visitorId: a.visitor }],
  "agent.workspace.canned.list": () => [undefined],
  "agent.workspace.canned.create": () => [{ shortcut: "b", title: "b", body: "b", shared: true }],
  "agent.workspace.canned.update": (a) => [{ id: a.canned, shortcut: "x", title: "x", body: "x", shared: true }],
  "agent.workspace.canned.delete": (a) => [{ id: a.canned }],
  "agent.conversations.list": (a) => [{}, { view: "all" }, { view: "unassigned" }, { labelId: a.label }],
  "agent.labels.list": () => [undefined],
  "agent.labels.add": (a) => [{ conversationId: a.conversation, labelId: a.label }],
  "agent.labels.remove": (a) => [{ conversationId: a.conversation, labelId: a.label }],
  "admin.labels.list": () => [undefined],
  "admin.labels.create": () => [{ name: "B label", color: "#00ff00" }],
  "admin.labels.update": (a) => [{ id: a.label, name: "renamed", color: "#000000" }],
  "admin.labels.delete": (a) => [{ id: a.label }],
  "admin.canned.list": () => [{}, { query: secret }],
  "admin.canned.create": () => [{ shortcut: "hi", title: "B hi", body: "B hi" }],
  "admin.canned.update": (a) => [{ id: a.canned, shortcut: "x", title: "x", body: "x" }],
  "admin.canned.delete": (a) => [{ id: a.canned }],
  "agent.messages": (a) => [{ conversationId: a.conversation }],
  "agent.send": (a) => [{ conversationId: a.conversation, clientMsgId: clientMsgId(), body: "pwned" }],
  "agent.onThread": (a) => [{ conversationId: a.conversation }],
  "agent.onInbox": () => [undefined],
  "agent.typing": (a) => [{ conversationId: a.conversation, typing: true }],
  "agent.markRead": (a) => [{ conversationId: a.conversation, seq: 1 }],
  "agent.onSignals": (a) => [{ conversationId: a.conversation }],
  "admin.tokens.list": () => [undefined],
  "admin.tokens.create": () => [{ name: "b", scopes: ["read"] }],
  "admin.tokens.revoke": (a) => [{ id: a.token }],
  "admin.audit.list": (a) => [{}, { actorId: a.admin }],
  "admin.system.nodes": () => [undefined],
  "admin.system.onNodes": () => [undefined],
  // Releases belong to the installation; only the organization that runs it (the first, here A) manages them.
  "admin.system.releases.list": () => [undefined],
  "admin.system.releases.promote": () => [{ id: "000000000000", percent: 10 }],
  "admin.system.releases.rollback": () => [{ id: "000000000000" }],
  "admin.webhooks.list": () => [undefined],
  "admin.webhooks.create": () => [{ url: "https://hooks.example/b", events: ["message.created"] }],
  "admin.webhooks.update": (a) => [{ id: a.webhook, active: false }],
  "admin.webhooks.delete": (a) => [{ id: a.webhook }],
  "admin.webhooks.sendTest": (a) => [{ id: a.webhook }],
  "admin.webhooks.deliveries": (a) => [{ webhookId: a.webhook }],
  "admin.reports.conversations": (a) => [
    reportRange({}),
    reportRange({ siteId: a.site }),
    reportRange({ teamId: a.team }),
    reportRange({ agentId: a.agent }),
  ],
  "admin.reports.conversationsCsv": (a) => [reportRange({}), reportRange({ siteId: a.site })],
  "admin.organization.get": () => [undefined],
  "admin.organization.update": () => [{ name: "B renamed" }],
  "admin.agents.list": () => [undefined],
  "admin.agents.update": (a) => [
    { userId: a.agent, role: "admin" },
    { userId: a.agent, maxConcurrentChats: 1 },
  ],
  "admin.agents.deactivate": (a) => [{ userId: a.agent }, { userId: a.admin }],
  "admin.agents.reactivate": (a) => [{ userId: a.agent }],
  "admin.agents.invitations": () => [undefined],
  "admin.agents.invite": () => [{ email: "new-agent@b.test", role: "agent" }],
  "admin.agents.revokeInvitation": (a) => [{ id: a.invitation }],
  "admin.teams.list": () => [undefined],
  "admin.teams.create": () => [{ name: "B team" }],
  "admin.teams.update": (a) => [{ id: a.team, name: "renamed" }],
  "admin.teams.setMembers": (a) => [{ id: a.team, userIds: [] }],
  "admin.teams.delete": (a) => [{ id: a.team }],
  "admin.sites.list": () => [undefined],
  "admin.sites.create": () => [{ name: "B site", allowedOrigins: ["https://b.example"] }],
  "admin.sites.update": (a) => [{ id: a.site, name: "renamed", allowedOrigins: ["https://evil.example"] }],
  "admin.widget.get": (a) => [{ siteId: a.site }],
  "admin.widget.update": (a) => [{ siteId: a.site, settings: { color: "#000000", greeting: "B was here" } }],
  "admin.widget.rotateIdentitySecret": (a) => [{ siteId: a.site }],
  "admin.routing.list": (a) => [{ siteId: a.site }],
  "admin.routing.create": (a) => [{ siteId: a.site, teamId: a.team, conditions: [] }],
  "admin.routing.update": (a) => [{ id: a.rule, teamId: a.team, conditions: [] }],
  "admin.routing.reorder": (a) => [{ siteId: a.site, ruleIds: [a.rule] }],
  "admin.routing.delete": (a) => [{ id: a.rule }],
  "admin.bot.get": (a) => [{ siteId: a.site }],
  "admin.bot.save": (a) => [
    {
      siteId: a.site,
      mode: "faq",
      name: "B bot",
      avatarUrl: null,
      settings: {},
      llm: { baseUrl: "", model: "", temperature: 0.3, maxTokens: 100 },
    },
  ],
  "admin.bot.test": (a) => [{ siteId: a.site, question: secret }],
  "admin.bot.usage": () => [undefined],
  "admin.bot.report": (a) => [
    { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() },
    { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString(), siteId: a.site },
  ],
  "admin.bot.faqs.list": (a) => [{ siteId: a.site }],
  "admin.bot.faqs.save": (a) => [
    { id: a.faq, siteId: a.site, questions: ["x"], answer: "x" },
    { siteId: a.site, questions: ["x"], answer: "x" },
  ],
  "admin.bot.faqs.delete": (a) => [{ id: a.faq }],
  "admin.bot.documents.list": (a) => [{ siteId: a.site }],
  "admin.bot.documents.save": (a) => [
    { id: a.document, siteId: a.site, title: "x", body: "x" },
    { siteId: a.site, title: "x", body: "x" },
  ],
  "admin.bot.documents.delete": (a) => [{ id: a.document }],
  "agent.assist.suggest": (a) => [{ conversationId: a.conversation }],
  "agent.assist.summarize": (a) => [{ conversationId: a.conversation }],
};

function reportRange(filter: Record<string, string>) {
  const to = new Date(Date.now() + 86_400_000);
  const from = new Date(Date.now() - 7 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), ...filter };
}

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;
const guarded = Object.keys(procedures).filter((path) => /^(agent|admin)\./.test(path));

type Session = { cookie?: string };

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

/**
 * Calls a procedure by its dotted path as this session; a subscription is read for a moment, then aborted. While it
 * is read, `provoke` publishes on organization A's live topics, so a stream that would pass A's events on is caught.
 */
async function call(
  deps: Deps,
  session: Session,
  path: string,
  input: unknown,
  provoke: () => Promise<void> = async () => undefined,
): Promise<Outcome> {
  const abort = new AbortController();
  const { caller } = await callerFor(deps, { cookie: session.cookie, signal: abort.signal });
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  const codeOf = (error: unknown) => (error as { code?: string }).code ?? String(error);
  try {
    const result = await fn(input);
    if (procedures[path]!._def.type !== "subscription") return { ok: true, value: result };
    const first = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
    const provoked = setTimeout(() => void provoke(), 100);
    const timer = setTimeout(() => abort.abort(), 400);
    const outcome = await first.then(
      (item): Outcome => ({ ok: true, value: item.value }),
      (error: unknown): Outcome => (abort.signal.aborted ? { ok: true, value: undefined } : { ok: false, code: codeOf(error) }),
    );
    clearTimeout(timer);
    clearTimeout(provoked);
    return outcome;
  } catch (error) {
    return { ok: false, code: codeOf(error) };
  } finally {
    abort.abort();
  }
}

/** Events carrying A's secret on every live topic of A's: none may reach another organization's subscriber. */
function provokeVictim(deps: Deps, ids: { conversation: string; agent: string; admin: string }, organizationId: string) {
  return async () => {
    const event = { seq: 1_000_000, body: secret, conversationId: ids.conversation };
    await Promise.all([
      deps.bus.publish(topics.conversation(ids.conversation), event),
      deps.bus.publish(topics.conversationSignals(ids.conversation), { kind: "draft", conversationId: ids.conversation, body: secret }),
      deps.bus.publish(topics.inbox(organizationId), { conversation: { id: ids.conversation, preview: secret } }),
      deps.bus.publish(topics.presence(organizationId), { userId: ids.agent, status: secret }),
      deps.bus.publish(topics.agent(ids.agent), { kind: "mention", body: secret }),
      deps.bus.publish(topics.agent(ids.admin), { kind: "mention", body: secret }),
    ]);
  };
}

/** Every row organization A owns, in a stable form: any change by B shows up as a difference. */
async function snapshotOf(deps: Deps, organizationId: string) {
  const where = { organizationId };
  const tables = {
    organization: await deps.db.organization.findMany({ where: { id: organizationId } }),
    users: await deps.db.user.findMany({ where, orderBy: { id: "asc" } }),
    sessions: await deps.db.session.count({ where: { user: { organizationId } } }),
    sites: await deps.db.site.findMany({ where, orderBy: { id: "asc" } }),
    visitors: await deps.db.visitor.findMany({ where, orderBy: { id: "asc" } }),
    conversations: await deps.db.conversation.findMany({ where, orderBy: { id: "asc" } }),
    messages: await deps.db.message.findMany({ where, orderBy: { id: "asc" } }),
    teams: await deps.db.team.findMany({ where, orderBy: { id: "asc" } }),
    teamMembers: await deps.db.teamMember.findMany({ where, orderBy: [{ teamId: "asc" }, { userId: "asc" }] }),
    routingRules: await deps.db.routingRule.findMany({ where, orderBy: { id: "asc" } }),
    auditLogs: await deps.db.auditLog.count({ where }),
    apiTokens: await deps.db.apiToken.findMany({ where, orderBy: { id: "asc" } }),
    webhooks: await deps.db.webhook.findMany({ where, orderBy: { id: "asc" } }),
    webhookDeliveries: await deps.db.webhookDelivery.count({ where }),
    canned: await deps.db.cannedResponse.findMany({ where, orderBy: { id: "asc" } }),
    blocks: await deps.db.visitorBlock.count({ where }),
    invitations: await deps.db.invitation.findMany({ where, orderBy: { id: "asc" } }),
    botConfigs: await deps.db.botConfig.findMany({ where, orderBy: { id: "asc" } }),
    botFaqs: await deps.db.botFaq.findMany({ where, orderBy: { id: "asc" } }),
    botDocuments: await deps.db.botDocument.findMany({ where, orderBy: { id: "asc" } }),
    botUsage: await deps.db.botUsage.count({ where }),
    labels: await deps.db.label.findMany({ where, orderBy: { id: "asc" } }),
    conversationLabels: await deps.db.conversationLabel.findMany({ where, orderBy: [{ conversationId: "asc" }, { labelId: "asc" }] }),
    pageViews: await deps.db.pageView.findMany({ where, orderBy: { id: "asc" } }),
  };
  return JSON.stringify(tables);
}

describe.each(backends())("tenancy on %s: every agent.* and admin.* procedure keeps organizations apart", (backend) => {
  let world: Awaited<ReturnType<typeof createTestWorld>>;
  let victim: Awaited<ReturnType<typeof victimOrganization>>;
  beforeAll(async () => {
    world = await createTestWorld(backend);
    victim = await victimOrganization(world.deps);
  });
  afterAll(() => world?.close());

  it("every guarded procedure has an attack listed here", () => {
    expect(guarded.filter((path) => !attacks[path])).toEqual([]);
    expect(Object.keys(attacks).filter((path) => !guarded.includes(path))).toEqual([]);
  });

  it("without a session every one is UNAUTHORIZED", async () => {
    for (const path of guarded) {
      for (const input of attacks[path]!(victim.ids)) {
        expect({ path, outcome: await call(world.deps, {}, path, input) }).toEqual({ path, outcome: { ok: false, code: "UNAUTHORIZED" } });
      }
    }
  });

  it("an agent (not admin) of the same organization gets FORBIDDEN on every admin procedure", async () => {
    const session = await agentCaller(world.deps, (await world.deps.db.user.findUniqueOrThrow({ where: { id: victim.ids.agent } })).email);
    const before = await snapshotOf(world.deps, victim.tenant.organization.id);
    for (const path of guarded.filter((name) => name.startsWith("admin."))) {
      for (const input of attacks[path]!(victim.ids)) {
        expect({ path, outcome: await call(world.deps, session, path, input) }).toEqual({
          path,
          outcome: { ok: false, code: "FORBIDDEN" },
        });
      }
    }
    expect(await snapshotOf(world.deps, victim.tenant.organization.id)).toBe(before);
  });

  it("another organization's admin, aiming at A's ids, changes nothing of A's and sees nothing of A's", async () => {
    const attacker = await createTenant(world.deps, "Attacker");
    const session = await agentCaller(world.deps, attacker.admin.email);
    const before = await snapshotOf(world.deps, victim.tenant.organization.id);
    const leakedIds = Object.values(victim.ids).filter((value): value is string => typeof value === "string");
    const leaks: string[] = [];
    const refusals = new Set(["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST", "CONFLICT"]);
    for (const path of guarded) {
      for (const input of attacks[path]!(victim.ids)) {
        const outcome = await call(world.deps, session, path, input, provokeVictim(world.deps, victim.ids, victim.tenant.organization.id));
        if (!outcome.ok) {
          expect({ path, code: outcome.code, refused: refusals.has(outcome.code) }).toMatchObject({
            path,
            code: outcome.code,
            refused: true,
          });
          continue;
        }
        const seen = JSON.stringify(outcome.value ?? null);
        if (seen.includes(secret) || leakedIds.some((id) => seen.includes(id))) leaks.push(`${path}: ${seen.slice(0, 200)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOf(world.deps, victim.tenant.organization.id)).toBe(before);
  });
});

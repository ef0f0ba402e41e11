import type { Deps } from "../../server/domain/deps.ts";
import { agentCallerFor, callerFor } from "../support/caller.ts";
import { clientMsgId, createTenant, testPassword } from "../support/fixtures.ts";
import { readPrismaSchema } from "../support/prisma-schema.ts";

/** Every model with an organizationId (all of them but Organization itself), with its Prisma delegate's name. */
const tenantModels = readPrismaSchema()
  .filter((model) => model.fields.some((field) => field.name === "organizationId"))
  .map((model) => ({ name: model.name, delegate: model.name[0]!.toLowerCase() + model.name.slice(1), fields: model.fields }));

type Delegate = { findMany(args: unknown): Promise<Record<string, unknown>[]> };

/** Every row an organization owns, in a stable order and as text: equal snapshots mean nothing of it changed. */
export async function snapshotOrganization(deps: Deps, organizationId: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {
    Organization: JSON.stringify(await deps.db.organization.findUnique({ where: { id: organizationId } })),
  };
  for (const model of tenantModels) {
    const delegate = (deps.db as unknown as Record<string, Delegate>)[model.delegate]!;
    const rows = await delegate.findMany({ where: { organizationId } });
    const text = rows.map((row) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? String(value) : value)));
    snapshot[model.name] = text.sort().join("\n");
  }
  return snapshot;
}

/** Ids, keys and emails of the organization's rows: what an attacker in another organization would aim at. */
export async function realValuesOf(deps: Deps, organizationId: string): Promise<string[]> {
  const values = new Set<string>([organizationId]);
  for (const model of tenantModels) {
    const delegate = (deps.db as unknown as Record<string, Delegate>)[model.delegate]!;
    for (const row of await delegate.findMany({ where: { organizationId } })) {
      for (const [field, value] of Object.entries(row)) {
        if (typeof value === "string" && (field === "id" || /Id$/.test(field) || field === "siteKey" || field === "email"))
          values.add(value);
      }
    }
  }
  return [...values];
}

/**
 * Organization A with something in every table the procedures touch: agents, a team, a site with routing, bot
 * knowledge, labels, canned answers, a webhook, an API token, an invitation, and a visitor's conversation with
 * messages, a note, a label and a rating.
 */
export async function seedOrganizationA(deps: Deps) {
  const tenant = await createTenant(deps, "Acme");
  const admin = await agentCallerFor(deps, tenant.admin.email, testPassword);
  const team = await admin.admin.teams.create({ name: "Support", strategy: "round_robin" });
  await admin.admin.teams.setMembers({ id: team.id, userIds: [tenant.admin.id] });
  await admin.admin.sites.update({ id: tenant.site.id, defaultTeamId: team.id });
  await admin.admin.routing.create({ siteId: tenant.site.id, teamId: team.id, conditions: [{ field: "language", op: "is", value: "en" }] });
  await admin.admin.bot.faqs.save({ siteId: tenant.site.id, questions: ["Where is my order?"], answer: "In the mail." });
  await admin.admin.bot.documents.save({ siteId: tenant.site.id, title: "Returns", body: "Returns within 30 days." });
  const label = await admin.admin.labels.create({ name: "vip", color: "#112233" });
  await admin.admin.canned.create({ shortcut: "hi", title: "Hello", body: "Hello! How can I help?" });
  await admin.agent.workspace.canned.create({ shortcut: "bye", title: "Bye", body: "Bye!", shared: false });
  await admin.admin.webhooks.create({ url: "https://hooks.example/acme", events: ["message.created"] });
  await admin.admin.tokens.create({ name: "crm", scopes: ["read"] });
  await admin.admin.agents.invite({ email: "new-agent@acme.test", role: "agent" });

  const visitor = await tenant.visitor();
  const asVisitor = (await callerFor(deps, { visitorToken: visitor.token })).caller;
  const sent = await asVisitor.visitor.send({ clientMsgId: clientMsgId(), body: "Hello, my order is late" });
  await asVisitor.visitor.identify({ id: "user-1", name: "Ada", email: "ada@example.com" });
  await admin.agent.send({ conversationId: sent.conversationId, clientMsgId: clientMsgId(), body: "Looking into it" });
  await admin.agent.actions.note({ conversationId: sent.conversationId, clientMsgId: clientMsgId(), body: "private note" });
  await admin.agent.labels.add({ conversationId: sent.conversationId, labelId: label.id });
  return { tenant, conversationId: sent.conversationId };
}

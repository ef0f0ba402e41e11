import type { Conversation, Prisma } from "../../store/generated/mysql/client.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { VisitorRef } from "./open-for-visitor.ts";

/**
 * Who may see a conversation, decided here and nowhere else. Two rules:
 * - an agent (any role) may open any conversation of their organization by its id; team scope narrows only the lists
 *   (Unassigned, All, search: conversations/team-scope.ts), never a conversation opened by id;
 * - a visitor may open their own conversations on their site, and, once the site verified who they are, those of every
 *   device the same verified user used there (readableVisitorIds).
 * Anything else is NOT_FOUND, never "forbidden": ids of other tenants do not leak.
 */

type Select = Prisma.ConversationSelect;
type Loaded<S extends Select> = Prisma.ConversationGetPayload<{ select: S }>;

const notFound = () => new AppError("NOT_FOUND", "conversation not found");

/** A conversation of the organization, for code acting on its behalf (an agent's call, a job, the bot). */
export async function conversationInOrganization<S extends Select>(
  deps: Deps,
  organizationId: string,
  conversationId: string,
  select: S,
): Promise<Loaded<S>> {
  const row = await deps.db.conversation.findFirst({ where: { id: conversationId, organizationId }, select });
  if (!row) throw notFound();
  return row as Loaded<S>;
}

/** The conversation, if the agent's organization owns it; NOT_FOUND otherwise. */
export function conversationForAgent<S extends Select>(
  deps: Deps,
  agent: AgentIdentity,
  conversationId: string,
  select: S,
): Promise<Loaded<S>> {
  return conversationInOrganization(deps, agent.organizationId, conversationId, select);
}

/** The conversation, if it is one this visitor may read (their own, or their verified identity's); NOT_FOUND otherwise. */
export async function conversationForVisitor<S extends Select>(
  deps: Deps,
  visitor: VisitorRef,
  conversationId: string,
  select: S,
): Promise<Loaded<S>> {
  const visitorIds = await readableVisitorIds(deps, visitor);
  const row = await deps.db.conversation.findFirst({
    where: { id: conversationId, organizationId: visitor.organizationId, siteId: visitor.siteId, visitorId: { in: visitorIds } },
    select,
  });
  if (!row) throw notFound();
  return row as Loaded<S>;
}

/**
 * Whose conversations this visitor may read: their own (this device), and, once the site has verified who they are
 * (identify() with the HMAC), those of every device the same verified user used on this site. A claimed but
 * unverified identity never widens the set: anyone can claim an id.
 */
export async function readableVisitorIds(deps: Deps, visitor: VisitorRef): Promise<string[]> {
  const self = await deps.db.visitor.findFirst({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId, siteId: visitor.siteId },
    select: { externalId: true, identityVerified: true },
  });
  if (!self?.externalId || !self.identityVerified) return [visitor.visitorId];
  const same = await deps.db.visitor.findMany({
    where: { organizationId: visitor.organizationId, siteId: visitor.siteId, externalId: self.externalId, identityVerified: true },
    select: { id: true },
    take: 100,
  });
  return [...new Set([visitor.visitorId, ...same.map((row) => row.id)])];
}

/** The visitor's latest conversation, if any: the one the widget shows and writes into (older ones are read-only). */
export function findVisitorConversation(deps: Deps, visitor: VisitorRef): Promise<Conversation | null> {
  return deps.db.conversation.findFirst({
    where: { organizationId: visitor.organizationId, visitorId: visitor.visitorId },
    orderBy: { createdAt: "desc" },
  });
}

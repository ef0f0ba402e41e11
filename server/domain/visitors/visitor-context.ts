import { UAParser } from "ua-parser-js";
import type { VisitorContext } from "../../contracts/inbox.ts";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { scopeWhere, teamScopeOf } from "../conversations/team-scope.ts";
import { isVisitorBlocked } from "./blocks.ts";
import { lookupIp } from "./geo.ts";
import { pageTrail } from "./page-views.ts";
import { readableVisitorIds } from "../conversations/access.ts";
import { displayName } from "../../contracts/display-text.ts";

const named = (part: { name?: string; version?: string }) =>
  part.name ? [part.name, part.version?.split(".")[0]].filter(Boolean).join(" ") : null;

/** "Chrome 126", "macOS 14", "Apple iPhone (mobile)" from a User-Agent header; nulls for what it does not say. */
export function describeUserAgent(userAgent: string | null) {
  if (!userAgent) return { browser: null, os: null, device: null };
  const result = new UAParser(userAgent).getResult();
  const model = [result.device.vendor, result.device.model].filter(Boolean).join(" ");
  return {
    browser: named(result.browser),
    os: named(result.os),
    device: model ? `${model}${result.device.type ? ` (${result.device.type})` : ""}` : (result.device.type ?? null),
  };
}

/** Only plain values reach the panel, whatever a stored JSON holds. */
function attributesOf(stored: unknown): Record<string, string | number | boolean> {
  if (!stored || typeof stored !== "object") return {};
  return Object.fromEntries(
    Object.entries(stored as Record<string, unknown>).filter((entry): entry is [string, string | number | boolean] =>
      ["string", "number", "boolean"].includes(typeof entry[1]),
    ),
  );
}

/** What the inbox's side panel shows about a conversation's visitor, within the agent's organization. */
export async function visitorContext(deps: Deps, agent: AgentIdentity, input: { visitorId: string }): Promise<VisitorContext> {
  const visitor = await deps.db.visitor.findFirst({ where: { id: input.visitorId, organizationId: agent.organizationId } });
  if (!visitor) throw new AppError("NOT_FOUND", "visitor not found");
  const scope = scopeWhere(await teamScopeOf(deps, agent));
  // A verified user's conversations from every device they used, as the visitor sees them in the widget.
  const visitorIds = await readableVisitorIds(deps, {
    organizationId: agent.organizationId,
    siteId: visitor.siteId,
    visitorId: visitor.id,
  });
  const [conversations, blocked, geo, pageViews] = await Promise.all([
    deps.db.conversation.findMany({
      // Only conversations the agent's teams may see, like the list and search.
      where: { organizationId: agent.organizationId, visitorId: { in: visitorIds }, ...scope },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, state: true, createdAt: true, lastMessagePreview: true },
    }),
    isVisitorBlocked(deps, agent.organizationId, visitor),
    lookupIp(visitor.ip),
    pageTrail(deps, agent.organizationId, visitor.id),
  ]);
  return {
    id: visitor.id,
    name: visitor.name === null ? null : displayName(visitor.name),
    email: visitor.email,
    externalId: visitor.externalId,
    identityVerified: visitor.externalId ? visitor.identityVerified : null,
    nameVerified: visitor.nameVerified,
    emailVerified: visitor.emailVerified,
    attributes: attributesOf(visitor.attributes),
    ip: visitor.ip,
    ...describeUserAgent(visitor.userAgent),
    currentPage: visitor.currentPage,
    referrer: visitor.referrer,
    location:
      geo.kind === "public"
        ? { kind: "public", country: geo.country, region: geo.region, city: geo.city }
        : geo.kind === "local"
          ? { kind: "local" }
          : null,
    timezone: visitor.timezone ?? (geo.kind === "public" ? geo.timezone : null),
    language: visitor.language,
    pageViews,
    firstSeenAt: visitor.firstSeenAt.toISOString(),
    lastSeenAt: visitor.lastSeenAt.toISOString(),
    blocked,
    pastConversations: conversations.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
  };
}

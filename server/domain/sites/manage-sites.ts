import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { embedSnippet } from "../../contracts/snippet.ts";
import { AppError } from "../errors.ts";
import { createSite } from "../organizations/create-organization.ts";
import { allowedOriginsOf, normalizeOrigin } from "./origins.ts";

export type SiteChanges = {
  name?: string;
  allowedOrigins?: string[];
  defaultTeamId?: string | null;
  autoAssign?: boolean;
  maxQueueLength?: number;
};

type SiteRow = {
  id: string;
  name: string;
  siteKey: string;
  allowedOrigins: unknown;
  defaultTeamId: string | null;
  autoAssign: boolean;
  maxQueueLength: number;
  identitySecret: string | null;
};

/** Never the identity secret itself: it is shown once, when rotated (site-widget.ts). */
function toView(deps: Deps, site: SiteRow) {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    allowedOrigins: allowedOriginsOf(site.allowedOrigins),
    defaultTeamId: site.defaultTeamId,
    autoAssign: site.autoAssign,
    maxQueueLength: site.maxQueueLength,
    snippet: embedSnippet(deps.publicUrl, site.siteKey),
    identitySecretSet: site.identitySecret !== null,
  };
}

export async function listSites(deps: Deps, organizationId: string) {
  const sites = await deps.db.site.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
  return sites.map((site) => toView(deps, site));
}

/** Origins must be http(s) origins; they are stored normalized (`https://Shop.example/` → `https://shop.example`). */
function normalizeOrigins(origins: string[]): string[] {
  return [
    ...new Set(
      origins.map((origin) => {
        const normalized = normalizeOrigin(origin);
        if (!normalized) throw new AppError("BAD_REQUEST", `allowedOrigins: ${originAdvice(origin)}`);
        return normalized;
      }),
    ),
  ];
}

/**
 * Plain words for a site owner who typed what their browser's address bar shows: "www.shop.com" is most likely
 * https://www.shop.com, so say that rather than "not an origin".
 */
function originAdvice(input: string): string {
  const bare = input.trim().replace(/\/+$/, "");
  const guess = /^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(bare) ? normalizeOrigin(`https://${bare}`) : null;
  if (guess) return `"${input}" needs to start with https:// — did you mean ${guess}?`;
  return `"${input}" is not a website address; write it as it appears in the browser, starting with https:// (for example https://www.shop.com)`;
}

async function requireTeam(deps: Deps, organizationId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  if (!(await deps.db.team.findFirst({ where: { id: teamId, organizationId }, select: { id: true } }))) {
    throw new AppError("NOT_FOUND", "team not found");
  }
}

export async function addSite(deps: Deps, admin: AgentIdentity, input: { name: string; allowedOrigins: string[] }) {
  const site = await createSite(deps, {
    organizationId: admin.organizationId,
    name: input.name,
    allowedOrigins: normalizeOrigins(input.allowedOrigins),
  });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "site.create",
    targetType: "site",
    targetId: site.id,
    details: { name: input.name },
  });
  return toView(deps, site);
}

export async function updateSite(deps: Deps, admin: AgentIdentity, input: { id: string } & SiteChanges) {
  const { id, ...changes } = input;
  await requireTeam(deps, admin.organizationId, changes.defaultTeamId);
  const data = { ...changes, ...(changes.allowedOrigins ? { allowedOrigins: normalizeOrigins(changes.allowedOrigins) } : {}) };
  const updated = await deps.db.site.updateMany({ where: { id, organizationId: admin.organizationId }, data });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "site not found");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "site.update",
    targetType: "site",
    targetId: id,
    details: data,
  });
  const site = await deps.db.site.findFirstOrThrow({ where: { id, organizationId: admin.organizationId } });
  return toView(deps, site);
}

import { randomBytes } from "node:crypto";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { widgetSettingsOf, type WidgetSettings } from "../../contracts/widget-settings.ts";

async function siteOf(deps: Deps, organizationId: string, siteId: string) {
  const site = await deps.db.site.findFirst({
    where: { id: siteId, organizationId },
    select: { id: true, name: true, siteKey: true, widgetSettings: true, identitySecret: true },
  });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  return site;
}

/** The site's widget settings with every default filled in; of the identity secret only whether one is set. */
export async function readSiteWidget(deps: Deps, organizationId: string, siteId: string) {
  const site = await siteOf(deps, organizationId, siteId);
  return {
    siteId: site.id,
    siteName: site.name,
    siteKey: site.siteKey,
    settings: widgetSettingsOf(site.widgetSettings),
    identitySecretSet: site.identitySecret !== null,
  };
}

/** Top-level settings whose value differs, as { from, to }, for the audit log. */
function changesBetween(before: WidgetSettings, after: WidgetSettings) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof WidgetSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

/** Replaces the settings (already checked by widgetSettingsSchema); audited with what changed, and only if something did. */
export async function updateSiteWidget(deps: Deps, admin: AgentIdentity, input: { siteId: string; settings: WidgetSettings }) {
  const site = await siteOf(deps, admin.organizationId, input.siteId);
  const changes = changesBetween(widgetSettingsOf(site.widgetSettings), input.settings);
  if (Object.keys(changes).length > 0) {
    await deps.db.site.updateMany({
      where: { id: site.id, organizationId: admin.organizationId },
      data: { widgetSettings: input.settings },
    });
    await recordAudit(deps, {
      organizationId: admin.organizationId,
      actorId: admin.userId,
      action: "site.widget_update",
      targetType: "site",
      targetId: site.id,
      details: { changes },
    });
  }
  return readSiteWidget(deps, admin.organizationId, site.id);
}

/**
 * A new random identity secret, returned this once and never again (reads say only that one is set). Hashes made
 * with the old secret stop verifying at once, so the site's server must switch to the new one.
 */
export async function rotateIdentitySecret(deps: Deps, admin: AgentIdentity, siteId: string) {
  const site = await siteOf(deps, admin.organizationId, siteId);
  const secret = randomBytes(32).toString("hex");
  await deps.db.site.updateMany({ where: { id: site.id, organizationId: admin.organizationId }, data: { identitySecret: secret } });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "site.identity_secret_rotate",
    targetType: "site",
    targetId: site.id,
    details: { replaced: site.identitySecret !== null },
  });
  return { secret };
}

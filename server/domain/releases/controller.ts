import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { installationOwner } from "./owner.ts";
import { releaseSamples } from "./release-stats.ts";
import { rollbackReason, type RollbackSettings } from "./rollback-decision.ts";

/**
 * The canary controller, run by every node on a timer: compares the rolled-out candidate with stable and rolls it
 * back when `rollbackReason` says so. The rollback is a compare-and-set on the candidate's version, so when several
 * nodes decide at once exactly one rolls back and writes the audit line. Returns the rolled-back release's id.
 */
export async function checkCandidate(deps: Deps, settings: RollbackSettings): Promise<string | null> {
  const candidate = await deps.db.widgetRelease.findFirst({
    where: { status: "candidate", percent: { gt: 0 } },
    orderBy: { promotedAt: "desc" },
  });
  if (!candidate) return null;
  const stable = await deps.db.widgetRelease.findFirst({
    where: { status: "stable" },
    orderBy: { promotedAt: "desc" },
    select: { id: true },
  });
  const samples = await releaseSamples(deps, stable ? [candidate.id, stable.id] : [candidate.id]);
  const none = { devices: 0, failed: 0, errorRate: 0 };
  const reason = rollbackReason(samples.get(candidate.id)!, (stable && samples.get(stable.id)) || none, settings);
  if (!reason) return null;
  const now = deps.now();
  const { count } = await deps.db.widgetRelease.updateMany({
    where: { id: candidate.id, version: candidate.version, status: "candidate" },
    data: { status: "rolled_back", percent: 0, rolledBackAt: now, rollbackReason: reason.slice(0, 300), version: { increment: 1 } },
  });
  if (count === 0) return null;
  const owner = await installationOwner(deps);
  if (owner) {
    await recordAudit(deps, {
      organizationId: owner,
      actorId: null,
      action: "release.rollback_auto",
      targetType: "widget_release",
      targetId: candidate.id,
      details: { percent: candidate.percent, reason },
    });
  }
  deps.log.warn("widget release rolled back", { release: candidate.id, reason });
  return candidate.id;
}

import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { requireInstallationOwner } from "./owner.ts";
import { releaseSamples } from "./release-stats.ts";

export type ReleaseView = {
  id: string;
  status: "stable" | "candidate" | "retired" | "rolled_back";
  percent: number;
  builtAt: string;
  createdAt: string;
  promotedAt: string | null;
  rolledBackAt: string | null;
  rollbackReason: string | null;
  /** Rolled back by the controller (not by an admin): the UI words it from the release's frozen sample. */
  rolledBackAutomatically: boolean;
  devices: number;
  failedDevices: number;
  errorRate: number;
};

/** Every release, newest build first, with its sample, for Dashboard → System → Releases. */
export async function listReleases(deps: Deps, admin: AgentIdentity): Promise<ReleaseView[]> {
  await requireInstallationOwner(deps, admin);
  const rows = await deps.db.widgetRelease.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 50 });
  const samples = await releaseSamples(
    deps,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const sample = samples.get(row.id)!;
    return {
      id: row.id,
      status: row.status as ReleaseView["status"],
      percent: row.percent,
      builtAt: row.builtAt.toISOString(),
      createdAt: row.createdAt.toISOString(),
      promotedAt: row.promotedAt?.toISOString() ?? null,
      rolledBackAt: row.rolledBackAt?.toISOString() ?? null,
      rollbackReason: row.rollbackReason,
      rolledBackAutomatically: row.rollbackReason !== null && row.rollbackReason !== manualRollbackReason,
      devices: sample.devices,
      failedDevices: sample.failed,
      errorRate: sample.errorRate,
    };
  });
}

const manualRollbackReason = "rolled back by an admin";

async function releaseOrThrow(deps: Deps, id: string) {
  const row = await deps.db.widgetRelease.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "release not found");
  return row;
}

/**
 * Serves a release to `percent` % of devices. Below 100 it is a candidate (first promotion, widening or narrowing;
 * the same devices stay in as it widens); at 100 it becomes the stable release and the previous stable one retires.
 * One candidate is rolled out at a time. A release rolled back earlier starts a fresh sample when promoted again.
 */
export async function promoteRelease(deps: Deps, admin: AgentIdentity, input: { id: string; percent: number }): Promise<void> {
  await requireInstallationOwner(deps, admin);
  const row = await releaseOrThrow(deps, input.id);
  if (row.status === "stable") throw new AppError("CONFLICT", "this release is already stable");
  const now = deps.now();
  if (input.percent < 100) {
    const other = await deps.db.widgetRelease.findFirst({
      where: { status: "candidate", percent: { gt: 0 }, id: { not: row.id } },
      select: { id: true },
    });
    if (other) throw new AppError("CONFLICT", `release ${other.id} is being rolled out; make it stable or roll it back first`);
  }
  const fresh = row.status === "rolled_back" || row.status === "retired";
  const { count } = await deps.db.widgetRelease.updateMany({
    where: { id: row.id, version: row.version },
    data:
      input.percent === 100
        ? { status: "stable", percent: 100, promotedAt: now, rolledBackAt: null, rollbackReason: null, version: { increment: 1 } }
        : {
            status: "candidate",
            percent: input.percent,
            promotedAt: row.promotedAt && !fresh ? row.promotedAt : now,
            rolledBackAt: null,
            rollbackReason: null,
            version: { increment: 1 },
          },
  });
  if (count === 0) throw new AppError("CONFLICT", "the release changed meanwhile (rolled back by the controller?); reload and try again");
  if (fresh && input.percent < 100) await deps.db.widgetReleaseDevice.deleteMany({ where: { releaseId: row.id } });
  if (input.percent === 100) {
    await deps.db.widgetRelease.updateMany({
      where: { status: "stable", id: { not: row.id } },
      data: { status: "retired", percent: 0, version: { increment: 1 } },
    });
  }
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "release.promote",
    targetType: "widget_release",
    targetId: row.id,
    details: { from: { status: row.status, percent: row.percent }, percent: input.percent },
  });
}

/** Takes a candidate out: its devices load stable on their next page. */
export async function rollbackRelease(deps: Deps, admin: AgentIdentity, input: { id: string }): Promise<void> {
  await requireInstallationOwner(deps, admin);
  const row = await releaseOrThrow(deps, input.id);
  if (row.status !== "candidate")
    throw new AppError("CONFLICT", "only a candidate can be rolled back; promote an earlier release to 100 % to replace stable");
  const { count } = await deps.db.widgetRelease.updateMany({
    where: { id: row.id, version: row.version, status: "candidate" },
    data: { status: "rolled_back", percent: 0, rolledBackAt: deps.now(), rollbackReason: manualRollbackReason, version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", "the release changed meanwhile; reload and try again");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "release.rollback",
    targetType: "widget_release",
    targetId: row.id,
    details: { percent: row.percent },
  });
}

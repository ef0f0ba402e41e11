import type { Deps } from "../deps.ts";
import { isVisitorBlocked } from "./blocks.ts";

/**
 * The visitor record a verified user is on this site: the first one verified with this external id. Every device
 * that later proves the same id (HMAC or identity JWT) gets sessions for this record, so it sees the same history.
 * Only verified records are candidates, so a claim anyone can make never lands on someone's history.
 */
export async function canonicalVisitorId(
  deps: Deps,
  site: { organizationId: string; siteId: string },
  externalId: string,
): Promise<string | null> {
  const first = await deps.db.visitor.findFirst({
    where: { organizationId: site.organizationId, siteId: site.siteId, externalId, identityVerified: true },
    orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return first?.id ?? null;
}

/**
 * Which visitor a device's session acts as: its own record, or, once it proved who it is, that user's first record.
 * A blocked device or IP stays on its own record, so proving an identity cannot step around a block.
 */
export async function sessionVisitorId(
  deps: Deps,
  device: {
    id: string;
    organizationId: string;
    siteId: string;
    deviceId: string;
    ip: string | null;
    externalId: string | null;
    identityVerified: boolean;
  },
): Promise<string> {
  if (!device.identityVerified || !device.externalId) return device.id;
  if (await isVisitorBlocked(deps, device.organizationId, device)) return device.id;
  return (await canonicalVisitorId(deps, device, device.externalId)) ?? device.id;
}

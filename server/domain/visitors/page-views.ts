import type { Deps } from "../deps.ts";

/** How many page views are kept per visitor: the trail is context for a chat, not analytics. */
export const pageTrailLength = 50;

/** Appends one page view and drops the visitor's oldest beyond the bound. */
export async function recordPageView(
  deps: Deps,
  visitor: { organizationId: string; visitorId: string },
  url: string,
  at: Date,
): Promise<void> {
  await deps.db.pageView.create({ data: { organizationId: visitor.organizationId, visitorId: visitor.visitorId, url, viewedAt: at } });
  const stale = await deps.db.pageView.findMany({
    where: { organizationId: visitor.organizationId, visitorId: visitor.visitorId },
    orderBy: [{ viewedAt: "desc" }, { id: "desc" }],
    skip: pageTrailLength,
    select: { id: true },
  });
  if (stale.length > 0)
    await deps.db.pageView.deleteMany({ where: { organizationId: visitor.organizationId, id: { in: stale.map((row) => row.id) } } });
}

/** The visitor's latest page views, newest first. */
export async function pageTrail(deps: Deps, organizationId: string, visitorId: string) {
  const rows = await deps.db.pageView.findMany({
    where: { organizationId, visitorId },
    orderBy: [{ viewedAt: "desc" }, { id: "desc" }],
    take: pageTrailLength,
    select: { url: true, viewedAt: true },
  });
  return rows.map((row) => ({ url: row.url, viewedAt: row.viewedAt.toISOString() }));
}

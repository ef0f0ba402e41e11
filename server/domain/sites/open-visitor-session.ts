import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { allowedOriginsOf, isOriginAllowed } from "./origins.ts";
import { signVisitorToken } from "./visitor-token.ts";

export type OpenVisitorSessionInput = {
  siteKey: string;
  deviceId: string;
  page?: string;
  origin: string | null;
  requestHost: string | null;
  userAgent: string | null;
  ip: string | null;
};

/**
 * The widget's first call (and its refresh): checks the site and the page's Origin, records the visitor, and hands
 * back a short-lived token bound to this site and visitor.
 */
export async function openVisitorSession(deps: Deps, input: OpenVisitorSessionInput) {
  const site = await deps.db.site.findUnique({ where: { siteKey: input.siteKey } });
  if (!site) throw new AppError("NOT_FOUND", "unknown site key");
  if (!isOriginAllowed(input.origin, allowedOriginsOf(site.allowedOrigins), { publicUrl: deps.publicUrl, requestHost: input.requestHost })) {
    throw new AppError("FORBIDDEN", `origin ${input.origin ?? "(none)"} is not allowed for this site`);
  }
  const now = deps.now();
  const seen = {
    lastSeenAt: now,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    ip: input.ip?.slice(0, 45) ?? null,
    ...(input.page ? { currentPage: input.page } : {}),
  };
  const visitor = await deps.db.visitor.upsert({
    where: { siteId_deviceId: { siteId: site.id, deviceId: input.deviceId } },
    create: { organizationId: site.organizationId, siteId: site.id, deviceId: input.deviceId, firstSeenAt: now, ...seen },
    update: seen,
  });
  const { token, expiresAt } = await signVisitorToken(
    deps.sessionSecret,
    { organizationId: site.organizationId, siteId: site.id, visitorId: visitor.id },
    now,
  );
  return { token, expiresAt: expiresAt.toISOString(), visitorId: visitor.id };
}

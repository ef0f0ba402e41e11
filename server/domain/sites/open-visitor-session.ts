import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { lookupIp } from "../visitors/geo.ts";
import { sessionVisitorId } from "../visitors/identity.ts";
import { recordPageView } from "../visitors/page-views.ts";
import { findVisitorConversation } from "../conversations/access.ts";
import { afterCommit } from "../effects.ts";
import { allowedOriginsOf, isOriginAllowed } from "./origins.ts";
import { signVisitorToken } from "./visitor-token.ts";

export type OpenVisitorSessionInput = {
  siteKey: string;
  deviceId: string;
  page?: string;
  /** The host page's own referrer and the browser's IANA time zone, as the widget reports them. */
  referrer?: string;
  timezone?: string;
  /** The browser's language (BCP 47). */
  language?: string;
  origin: string | null;
  requestHost: string | null;
  userAgent: string | null;
  ip: string | null;
};

/**
 * The widget's first call (and its refresh): checks the site and the page's Origin, records the visitor, and hands
 * back a short-lived token bound to this site and visitor. The widget opens a session on every page load, so a page
 * that differs from the visitor's current one is a page view for the trail agents see.
 */
export async function openVisitorSession(deps: Deps, input: OpenVisitorSessionInput) {
  const site = await deps.db.site.findUnique({ where: { siteKey: input.siteKey } });
  if (!site) throw new AppError("NOT_FOUND", "unknown site key");
  if (
    !isOriginAllowed(input.origin, allowedOriginsOf(site.allowedOrigins), { publicUrl: deps.publicUrl, requestHost: input.requestHost })
  ) {
    throw new AppError(
      "FORBIDDEN",
      `origin ${input.origin ?? "(none)"} is not allowed for this site (add it in Dashboard → Sites → Allowed origins)`,
    );
  }
  const now = deps.now();
  const key = { siteId: site.id, deviceId: input.deviceId };
  const previous = await deps.db.visitor.findUnique({
    where: { siteId_deviceId: key },
    select: { currentPage: true, ip: true, country: true },
  });
  const ip = input.ip?.slice(0, 45) ?? null;
  const country = previous && previous.ip === ip ? previous.country : await countryOf(ip);
  const seen = {
    lastSeenAt: now,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    ip,
    country,
    ...(input.page ? { currentPage: input.page } : {}),
    ...(externalReferrer(input.referrer, input.page) ? { referrer: input.referrer } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(input.language ? { language: input.language } : {}),
  };
  const upsert = () =>
    deps.db.visitor.upsert({
      where: { siteId_deviceId: key },
      create: { organizationId: site.organizationId, siteId: site.id, deviceId: input.deviceId, firstSeenAt: now, ...seen },
      update: seen,
    });
  // Two first sessions of one device at once (two tabs, a client that asks twice) both try to create the row on
  // MySQL, whose upsert is not atomic; the loser finds the winner's row on a second try.
  const visitor = await upsert().catch((error: unknown) => {
    if (isUniqueViolation(error)) return upsert();
    throw error;
  });
  // A device that proved who its user is (identify with the site's HMAC or JWT) continues that user's history.
  const visitorId = await sessionVisitorId(deps, visitor);
  if (input.page && input.page !== previous?.currentPage) {
    await recordPageView(deps, { organizationId: site.organizationId, visitorId }, input.page, now);
    // Agents with this visitor's conversation open see the new page at once (issue #13, defect 8).
    const conversation = await findVisitorConversation(deps, { organizationId: site.organizationId, siteId: site.id, visitorId });
    if (conversation)
      await afterCommit(deps, { organizationId: site.organizationId, conversationId: conversation.id, inbox: { reason: "visitor" } });
  }
  const { token, expiresAt } = await signVisitorToken(
    deps.sessionSecret,
    { organizationId: site.organizationId, siteId: site.id, visitorId, deviceVisitorId: visitor.id },
    now,
  );
  return { token, expiresAt: expiresAt.toISOString(), visitorId };
}

async function countryOf(ip: string | null): Promise<string | null> {
  const geo = await lookupIp(ip);
  return geo.kind === "public" ? geo.country : null;
}

/** Where the visitor came from: a referrer on the site's own origin is just the previous page, already in the trail. */
function externalReferrer(referrer: string | undefined, page: string | undefined): boolean {
  if (!referrer) return false;
  try {
    return !page || new URL(referrer).origin !== new URL(page).origin;
  } catch {
    return false;
  }
}

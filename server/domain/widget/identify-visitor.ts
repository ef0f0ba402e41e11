import { createHmac, timingSafeEqual } from "node:crypto";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

export type VisitorIdentityInput = { id: string; name?: string; email?: string; avatar?: string; hash?: string };

/** The hex HMAC-SHA256 of a user id with the site's identity secret, as the site's server computes it. */
export function identityHash(secret: string, id: string): string {
  return createHmac("sha256", secret).update(id).digest("hex");
}

function hashMatches(secret: string | null, id: string, hash: string | undefined): boolean {
  if (!secret || !hash) return false;
  const expected = Buffer.from(identityHash(secret, id), "hex");
  const given = Buffer.from(hash.toLowerCase(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The host page says who the visitor is. Stored either way, but marked verified only when `hash` is the HMAC of
 * `id` with the site's identity secret, so agents can tell a signed-in customer from a claim anyone could make.
 */
export async function identifyVisitor(deps: Deps, visitor: VisitorRef, input: VisitorIdentityInput) {
  const site = await deps.db.site.findFirst({
    where: { id: visitor.siteId, organizationId: visitor.organizationId },
    select: { identitySecret: true },
  });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  const verified = hashMatches(site.identitySecret, input.id, input.hash);
  const updated = await deps.db.visitor.updateMany({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    data: {
      externalId: input.id,
      identityVerified: verified,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.avatar !== undefined ? { avatarUrl: input.avatar } : {}),
    },
  });
  if (updated.count === 0) throw new AppError("NOT_FOUND", "visitor not found");
  return { verified };
}

export type VisitorAttributes = Record<string, string | number | boolean>;

/** Merges attributes into the visitor's (later keys win); at most 50 in all, checked after the merge. */
export async function setVisitorAttributes(deps: Deps, visitor: VisitorRef, attributes: VisitorAttributes) {
  const current = await deps.db.visitor.findFirst({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    select: { attributes: true },
  });
  if (!current) throw new AppError("NOT_FOUND", "visitor not found");
  const merged = { ...((current.attributes as VisitorAttributes | null) ?? {}), ...attributes };
  if (Object.keys(merged).length > 50) throw new AppError("BAD_REQUEST", "attributes: a visitor has at most 50 attributes");
  await deps.db.visitor.updateMany({ where: { id: visitor.visitorId, organizationId: visitor.organizationId }, data: { attributes: merged } });
  return { count: Object.keys(merged).length };
}

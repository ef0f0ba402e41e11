import { createHmac, timingSafeEqual } from "node:crypto";
import { errors, jwtVerify } from "jose";
import type { VisitorRef } from "../conversations/open-for-visitor.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import { sessionVisitorId } from "./identity.ts";
import { displayName } from "../../contracts/display-text.ts";

export type VisitorIdentityInput = { id?: string; name?: string; email?: string; avatar?: string; hash?: string; jwt?: string };

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

/** Who the host page says the visitor is, and which parts of that were signed with the site's identity secret. */
type Claims = { id: string; name?: string; email?: string; idVerified: boolean; nameVerified: boolean; emailVerified: boolean };

const maxLength = { id: 120, name: 120, email: 254 };

/**
 * An identity JWT (HS256 with the site's identity secret; claims `sub`, `exp`, optional `name` and `email`), the
 * format of Intercom's and Crisp's identity verification. Everything it carries was signed, so all of it is verified.
 * A token that fails is refused outright: it was meant as proof, and storing it as a mere claim would hide the error.
 */
async function jwtClaims(secret: string | null, token: string, now: Date): Promise<Claims> {
  if (!secret) throw new AppError("BAD_REQUEST", "jwt: this site has no identity secret; create one under Widget settings");
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["sub", "exp"],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new AppError("BAD_REQUEST", "jwt: the identity token has expired");
    if (error instanceof errors.JWTClaimValidationFailed) throw new AppError("BAD_REQUEST", `jwt: ${error.message}`);
    throw new AppError("BAD_REQUEST", "jwt: the identity token is not signed with this site's identity secret");
  }
  const text = (value: unknown, claim: keyof typeof maxLength) => {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.length === 0 || value.length > maxLength[claim]) {
      throw new AppError(
        "BAD_REQUEST",
        `jwt: claim ${claim === "id" ? "sub" : claim} must be a string of 1–${maxLength[claim]} characters`,
      );
    }
    return value;
  };
  const email = text(payload.email, "email");
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email))
    throw new AppError("BAD_REQUEST", "jwt: claim email is not an email address");
  const name = text(payload.name, "name") === undefined ? undefined : displayName(payload.name as string);
  return {
    id: text(payload.sub, "id")!,
    name,
    email,
    idVerified: true,
    nameVerified: name !== undefined,
    emailVerified: email !== undefined,
  };
}

/** The HMAC of `id` signs the id alone: name and email beside it are claims anyone could make. */
function hmacClaims(secret: string | null, input: VisitorIdentityInput): Claims {
  const id = input.id!;
  return {
    id,
    name: input.name,
    email: input.email,
    idVerified: hashMatches(secret, id, input.hash),
    nameVerified: false,
    emailVerified: false,
  };
}

/**
 * The host page says who the visitor is. Stored on this device's visitor either way; marked verified only for what
 * was signed (the HMAC covers the id, a JWT its claims), so agents can tell a signed-in customer from a claim.
 * A device whose id is verified continues that user's first record (its history, on every device), and the answer
 * says `switched` so the widget reopens its session. An unverified claim never touches a verified record: it is
 * stored on the device's own record only, and not at all when that record is itself verified (it would downgrade it).
 */
export async function identifyVisitor(deps: Deps, visitor: VisitorRef & { deviceVisitorId?: string }, input: VisitorIdentityInput) {
  const site = await deps.db.site.findFirst({
    where: { id: visitor.siteId, organizationId: visitor.organizationId },
    select: { identitySecret: true },
  });
  if (!site) throw new AppError("NOT_FOUND", "site not found");
  const claims = input.jwt ? await jwtClaims(site.identitySecret, input.jwt, deps.now()) : hmacClaims(site.identitySecret, input);
  const deviceId = visitor.deviceVisitorId ?? visitor.visitorId;
  const device = await deps.db.visitor.findFirst({ where: { id: deviceId, organizationId: visitor.organizationId } });
  if (!device) throw new AppError("NOT_FOUND", "visitor not found");
  const result = { verified: claims.idVerified, nameVerified: claims.nameVerified, emailVerified: claims.emailVerified };
  if (!claims.idVerified && (device.identityVerified || visitor.visitorId !== deviceId)) return { ...result, switched: false };

  const sameUser = device.externalId === claims.id;
  const signedFields = {
    ...(claims.name !== undefined ? { name: claims.name, nameVerified: claims.nameVerified } : sameUser ? {} : { nameVerified: false }),
    ...(claims.email !== undefined
      ? { email: claims.email, emailVerified: claims.emailVerified }
      : sameUser
        ? {}
        : { emailVerified: false }),
  };
  await deps.db.visitor.updateMany({
    where: { id: device.id, organizationId: visitor.organizationId },
    data: {
      externalId: claims.id,
      identityVerified: claims.idVerified,
      ...signedFields,
      ...(input.avatar !== undefined ? { avatarUrl: input.avatar } : {}),
    },
  });
  const target = await sessionVisitorId(deps, { ...device, externalId: claims.id, identityVerified: claims.idVerified });
  if (target !== device.id && claims.idVerified && (claims.nameVerified || claims.emailVerified)) {
    // The user's first record shows the latest signed name and email, whichever device proved them.
    const signedOnly = {
      ...(claims.nameVerified ? { name: claims.name, nameVerified: true } : {}),
      ...(claims.emailVerified ? { email: claims.email, emailVerified: true } : {}),
    };
    await deps.db.visitor.updateMany({ where: { id: target, organizationId: visitor.organizationId }, data: signedOnly });
  }
  return { ...result, switched: target !== visitor.visitorId };
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
  await deps.db.visitor.updateMany({
    where: { id: visitor.visitorId, organizationId: visitor.organizationId },
    data: { attributes: merged },
  });
  return { count: Object.keys(merged).length };
}

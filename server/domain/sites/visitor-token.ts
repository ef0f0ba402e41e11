import { jwtVerify, SignJWT, errors } from "jose";
import { AppError } from "../errors.ts";

/**
 * What a visitor token proves: this caller is this visitor of this site. It reads nothing else. `deviceVisitorId` is
 * set when the session acts as a verified user's first record from another device (server/domain/visitors/identity.ts):
 * the device's own record, which identify() updates.
 */
export type VisitorIdentity = { organizationId: string; siteId: string; visitorId: string; deviceVisitorId?: string; expiresAt: Date };

export const visitorTokenLifetimeSeconds = 60 * 60;
const audience = "parley:visitor";

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signVisitorToken(
  secret: string,
  visitor: Omit<VisitorIdentity, "expiresAt">,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + visitorTokenLifetimeSeconds) * 1000);
  const device = visitor.deviceVisitorId && visitor.deviceVisitorId !== visitor.visitorId ? { dev: visitor.deviceVisitorId } : {};
  const token = await new SignJWT({ org: visitor.organizationId, site: visitor.siteId, ...device })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(visitor.visitorId)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keyOf(secret));
  return { token, expiresAt };
}

/** Throws UNAUTHORIZED with a message that says whether the token expired (refresh it) or is simply invalid. */
export async function verifyVisitorToken(secret: string, token: string, now: Date): Promise<VisitorIdentity> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      audience,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (typeof payload.sub !== "string" || typeof payload.org !== "string" || typeof payload.site !== "string") {
      throw new AppError("UNAUTHORIZED", "visitor token is invalid");
    }
    return {
      organizationId: payload.org,
      siteId: payload.site,
      visitorId: payload.sub,
      ...(typeof payload.dev === "string" ? { deviceVisitorId: payload.dev } : {}),
      expiresAt: new Date(payload.exp! * 1000),
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired) throw new AppError("UNAUTHORIZED", "visitor token expired; open a new session");
    throw new AppError("UNAUTHORIZED", "visitor token is invalid");
  }
}

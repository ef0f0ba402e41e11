import { randomBytes } from "node:crypto";
import { hashPassword } from "../agents/password.ts";
import type { Deps } from "../deps.ts";
import { normalizeOrigin } from "../sites/origins.ts";

export type NewOrganization = {
  name: string;
  admin: { email: string; name: string; password: string };
};

/** An organization with its first admin. */
export async function createOrganization(deps: Deps, input: NewOrganization) {
  const passwordHash = await hashPassword(input.admin.password);
  return deps.db.organization.create({
    data: {
      name: input.name,
      users: {
        create: { email: input.admin.email.trim().toLowerCase(), name: input.admin.name, role: "admin", passwordHash },
      },
    },
    include: { users: true },
  });
}

/** A 20-character public site key: random, URL-safe, unguessable enough that keys cannot be enumerated. */
export function newSiteKey(): string {
  return randomBytes(15).toString("base64url");
}

export async function createSite(deps: Deps, input: { organizationId: string; name: string; allowedOrigins: string[]; siteKey?: string }) {
  const origins = input.allowedOrigins.map((origin) => normalizeOrigin(origin)).filter((o): o is string => o !== null);
  return deps.db.site.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      siteKey: input.siteKey ?? newSiteKey(),
      allowedOrigins: origins,
    },
  });
}

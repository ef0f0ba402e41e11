import { randomBytes } from "node:crypto";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../errors.ts";
import { createOrganization, createSite } from "./create-organization.ts";

export const demoSiteKey = "demo";
export const demoAdminEmail = "admin@demo.parley.local";

/**
 * First start of an empty database: a demo organization, its admin, a "Support" team with the admin in it, and a
 * site whose key is `demo` (the demo page at / uses it) routing to that team, so a demo chat goes straight to the
 * admin once they are online. Returns the login to print once, or null when the database already had an organization.
 */
export async function seedDemo(deps: Deps, options: { adminPassword?: string }) {
  if ((await deps.db.organization.count()) > 0) return null;
  const password = options.adminPassword ?? randomBytes(9).toString("base64url");
  let organization;
  try {
    organization = await createOrganization(deps, {
      name: "Demo Company",
      admin: { email: demoAdminEmail, name: "Demo Admin", password },
    });
  } catch (error) {
    // Another node starting at the same moment seeded first (the admin's email is unique).
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  const admin = organization.users[0]!;
  const support = await deps.db.team.create({
    data: { organizationId: organization.id, name: "Support", members: { create: { organizationId: organization.id, userId: admin.id } } },
  });
  const site = await createSite(deps, {
    organizationId: organization.id,
    name: "Demo site",
    siteKey: demoSiteKey,
    allowedOrigins: [deps.publicUrl],
  });
  await deps.db.site.update({ where: { id: site.id }, data: { defaultTeamId: support.id } });
  return { email: demoAdminEmail, password };
}

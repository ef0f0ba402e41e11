import { randomBytes } from "node:crypto";
import type { Deps } from "../deps.ts";
import { isUniqueViolation } from "../errors.ts";
import { createOrganization, createSite } from "./create-organization.ts";

export const demoSiteKey = "demo";
export const demoAdminEmail = "admin@demo.parley.local";

/**
 * First start of an empty database: a demo organization, its admin and a site whose key is `demo` (the demo page at
 * / uses it). Returns the login to print once, or null when the database already had an organization.
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
  await createSite(deps, {
    organizationId: organization.id,
    name: "Demo site",
    siteKey: demoSiteKey,
    allowedOrigins: [deps.publicUrl],
  });
  return { email: demoAdminEmail, password };
}

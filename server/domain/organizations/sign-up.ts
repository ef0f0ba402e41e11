import { spendSignUp } from "../agents/attempt-limits.ts";
import { logIn } from "../agents/sessions.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { createOrganization } from "./create-organization.ts";

export type SignUpInput = { organizationName: string; name: string; email: string; password: string };

/**
 * Public sign-up: a new organization with its first admin, logged in. Closed with PUBLIC_SIGNUP=0, where people join
 * an existing organization by invitation instead.
 */
export async function signUp(deps: Deps, input: SignUpInput, clientIp: string | null) {
  if (!deps.publicSignup) throw new AppError("FORBIDDEN", "sign-up is closed on this server; ask an admin for an invitation");
  await spendSignUp(deps, clientIp);
  let organization;
  try {
    organization = await createOrganization(deps, {
      name: input.organizationName.trim(),
      admin: { email: input.email, name: input.name.trim(), password: input.password },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "an account with this email already exists; sign in instead");
    throw error;
  }
  const admin = organization.users[0]!;
  await recordAudit(deps, {
    organizationId: organization.id,
    actorId: admin.id,
    action: "organization.create",
    targetType: "organization",
    targetId: organization.id,
    details: { name: organization.name },
  });
  return logIn(deps, { email: input.email, password: input.password });
}

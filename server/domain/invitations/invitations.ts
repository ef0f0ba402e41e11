import { createHash, randomBytes } from "node:crypto";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { hashPassword } from "../agents/password.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError, isUniqueViolation } from "../errors.ts";
import { emailInvitation } from "./invitation-email.ts";

export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000;

/** The link carries the token; the table stores only its hash, so a leaked table lets nobody join. */
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** The link is returned to the admin always; with SMTP configured it is also emailed (see `email` in the result). */
export async function createInvitation(deps: Deps, admin: AgentIdentity, input: { email: string; role: "admin" | "agent" }) {
  const address = input.email.trim().toLowerCase();
  if (await deps.db.user.findUnique({ where: { email: address } }))
    throw new AppError("CONFLICT", "someone with this email already has an account");
  const token = randomBytes(32).toString("base64url");
  const invitation = await deps.db.invitation.create({
    data: {
      organizationId: admin.organizationId,
      email: address,
      role: input.role,
      tokenHash: hashOf(token),
      invitedById: admin.userId,
      expiresAt: new Date(deps.now().getTime() + invitationLifetimeMs),
      createdAt: deps.now(),
    },
  });
  // The only time the link leaves the server: to the admin, and by email when SMTP is configured.
  const link = `${deps.publicUrl.replace(/\/$/, "")}/invite/${token}`;
  const organization = await deps.db.organization.findUniqueOrThrow({
    where: { id: admin.organizationId },
    select: { name: true, defaultLanguage: true },
  });
  const email = await emailInvitation(deps, address, organization.defaultLanguage, {
    organizationName: organization.name,
    inviterName: admin.name,
    role: input.role,
    link,
    expiresAt: invitation.expiresAt,
  });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "invitation.create",
    targetType: "invitation",
    targetId: invitation.id,
    details: { email: address, role: input.role, emailed: email.status === "sent" },
  });
  return { id: invitation.id, link, expiresAt: invitation.expiresAt.toISOString(), email };
}

/** Invitations not yet accepted, newest first (expired ones included, marked by their date). */
export async function listInvitations(deps: Deps, organizationId: string) {
  const rows = await deps.db.invitation.findMany({
    where: { organizationId, acceptedAt: null },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function revokeInvitation(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const deleted = await deps.db.invitation.deleteMany({ where: { id: input.id, organizationId: admin.organizationId, acceptedAt: null } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "invitation not found");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "invitation.revoke",
    targetType: "invitation",
    targetId: input.id,
  });
}

async function openInvitation(deps: Deps, token: string) {
  const invitation = await deps.db.invitation.findUnique({ where: { tokenHash: hashOf(token) } });
  if (!invitation || invitation.acceptedAt)
    throw new AppError("NOT_FOUND", "this invitation link is not valid (it may have been used or revoked)");
  if (invitation.expiresAt <= deps.now()) throw new AppError("NOT_FOUND", "this invitation has expired; ask your admin for a new one");
  return invitation;
}

/** What the accept page shows before the person sets their name and password. */
export async function describeInvitation(deps: Deps, token: string) {
  const invitation = await openInvitation(deps, token);
  const organization = await deps.db.organization.findUniqueOrThrow({ where: { id: invitation.organizationId } });
  return { email: invitation.email, role: invitation.role, organizationName: organization.name };
}

/** Creates the account and uses up the invitation, in one transaction: a link works once, even when clicked twice. */
export async function acceptInvitation(deps: Deps, input: { token: string; name: string; password: string }) {
  const invitation = await openInvitation(deps, input.token);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: deps.now() } });
      if (claimed.count === 0) throw new AppError("NOT_FOUND", "this invitation link is not valid (it may have been used or revoked)");
      return tx.user.create({
        data: { organizationId: invitation.organizationId, email: invitation.email, name: input.name, role: invitation.role, passwordHash },
      });
    });
    await recordAudit(deps, {
      organizationId: invitation.organizationId,
      actorId: user.id,
      action: "invitation.accept",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: user.role },
    });
    return { email: user.email };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "someone with this email already has an account");
    throw error;
  }
}

import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { AgentIdentity } from "./agent-identity.ts";
import { announceAccessChange } from "./access-change.ts";
import { beginLoginAttempt, type LoginAttempt } from "./attempt-limits.ts";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password.ts";

export const sessionCookieName = "parley_session";
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** The cookie carries the token; the table stores only its hash. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const invalidLogin = () => new AppError("UNAUTHORIZED", "Invalid email or password");

/** With `clientIp` (a login form), failed attempts are limited per account and IP and per IP (see attempt-limits.ts). */
export async function logIn(
  deps: Deps,
  input: { email: string; password: string },
  clientIp?: string | null,
): Promise<{ token: string; expiresAt: Date; agent: AgentIdentity }> {
  const email = input.email.trim().toLowerCase();
  const attempt = clientIp !== undefined ? await beginLoginAttempt(deps, clientIp, email) : null;
  const user = await checkPassword(deps, email, input.password, attempt);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(deps.now().getTime() + sessionLifetimeMs);
  await deps.db.session.create({
    data: { id: sessionIdOf(token), organizationId: user.organizationId, userId: user.id, expiresAt },
  });
  return {
    token,
    expiresAt,
    agent: { userId: user.id, organizationId: user.organizationId, role: user.role, name: user.name, email: user.email },
  };
}

/** The user whose password this is, or UNAUTHORIZED; the attempt (if limited) learns how it ended. */
async function checkPassword(deps: Deps, email: string, password: string, attempt: LoginAttempt | null) {
  let user, valid;
  try {
    user = await deps.db.user.findUnique({ where: { email } });
    valid = await verifyPassword(user?.passwordHash ?? decoyPasswordHash, password);
  } catch (error) {
    await attempt?.abandoned();
    throw error;
  }
  // A deactivated user gets the same answer as a wrong password: the login page reveals nothing about the account.
  if (!user || !valid || user.deactivatedAt) {
    await attempt?.failed();
    throw invalidLogin();
  }
  await attempt?.succeeded();
  return user;
}

/** The agent behind a session cookie, or null when it is unknown or expired. */
export async function authenticateSession(deps: Deps, token: string | undefined): Promise<AgentIdentity | null> {
  if (!token || token.length > 100) return null;
  return authenticateSessionId(deps, sessionIdOf(token));
}

/** The same, by the stored hash (server/domain/agents/session-cache.ts keeps those). */
export async function authenticateSessionId(deps: Deps, sessionId: string): Promise<AgentIdentity | null> {
  const session = await deps.db.session.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!session || session.expiresAt <= deps.now() || session.user.deactivatedAt) return null;
  const { user } = session;
  return { userId: user.id, organizationId: user.organizationId, role: user.role, name: user.name, email: user.email };
}

/** Ends the session and closes its open sockets on every node. */
export async function logOut(deps: Deps, token: string | undefined): Promise<void> {
  if (!token) return;
  const sessionId = sessionIdOf(token);
  await deps.db.session.deleteMany({ where: { id: sessionId } });
  await announceAccessChange(deps, { reason: "logout", sessionId });
}

/**
 * A new password ends every other session of the user (their sockets close everywhere); the session that changed
 * it stays signed in.
 */
export async function changePassword(
  deps: Deps,
  agent: AgentIdentity,
  token: string | null,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  // Someone holding a stolen session must not guess the password through this form either.
  // The login limits apply, keyed by the user rather than an address: failures only, with the same growing delay.
  const attempt = await beginLoginAttempt(deps, `user ${agent.userId}`, "change-password");
  const user = await deps.db.user.findUnique({ where: { id: agent.userId } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await attempt.failed();
    throw new AppError("FORBIDDEN", "the current password is wrong");
  }
  await attempt.succeeded();
  const keep = token ? sessionIdOf(token) : undefined;
  await deps.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
  await deps.db.session.deleteMany({ where: { userId: user.id, ...(keep ? { id: { not: keep } } : {}) } });
  await announceAccessChange(deps, { reason: "password_changed", userId: user.id, ...(keep ? { exceptSessionId: keep } : {}) });
}

/** "Sign out everywhere else": every other session of the user ends now, on every node. */
export async function endOtherSessions(deps: Deps, agent: AgentIdentity, token: string | null): Promise<{ ended: number }> {
  const keep = token ? sessionIdOf(token) : undefined;
  const { count } = await deps.db.session.deleteMany({ where: { userId: agent.userId, ...(keep ? { id: { not: keep } } : {}) } });
  await announceAccessChange(deps, { reason: "revoked", userId: agent.userId, ...(keep ? { exceptSessionId: keep } : {}) });
  return { ended: count };
}

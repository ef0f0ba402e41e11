import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { AgentIdentity } from "./agent-identity.ts";
import { beginLoginAttempt, type LoginAttempt } from "./attempt-limits.ts";
import { decoyPasswordHash, verifyPassword } from "./password.ts";

export const sessionCookieName = "parley_session";
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** The cookie carries the token; the table stores only its hash. */
function sessionIdOf(token: string): string {
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
  const session = await deps.db.session.findUnique({ where: { id: sessionIdOf(token) }, include: { user: true } });
  if (!session || session.expiresAt <= deps.now() || session.user.deactivatedAt) return null;
  const { user } = session;
  return { userId: user.id, organizationId: user.organizationId, role: user.role, name: user.name, email: user.email };
}

export async function logOut(deps: Deps, token: string | undefined): Promise<void> {
  if (!token) return;
  await deps.db.session.deleteMany({ where: { id: sessionIdOf(token) } });
}

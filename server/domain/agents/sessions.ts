import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";
import type { AgentIdentity } from "./agent-identity.ts";
import { spendAttempt } from "./attempt-limits.ts";
import { decoyPasswordHash, verifyPassword } from "./password.ts";

export const sessionCookieName = "parley_session";
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;

/** The cookie carries the token; the table stores only its hash. */
function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const invalidLogin = () => new AppError("UNAUTHORIZED", "Invalid email or password");

/** With `clientIp` (a login form), attempts are rate limited per account and IP (see attempt-limits.ts). */
export async function logIn(
  deps: Deps,
  input: { email: string; password: string },
  clientIp?: string | null,
): Promise<{ token: string; expiresAt: Date; agent: AgentIdentity }> {
  const email = input.email.trim().toLowerCase();
  if (clientIp !== undefined) await spendAttempt("login", `${clientIp ?? "unknown"} ${email}`);
  const user = await deps.db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? decoyPasswordHash, input.password);
  // A deactivated user gets the same answer as a wrong password: the login page reveals nothing about the account.
  if (!user || !valid || user.deactivatedAt) throw invalidLogin();
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

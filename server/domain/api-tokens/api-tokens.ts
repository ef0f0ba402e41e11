import { createHash, randomBytes } from "node:crypto";
import type { AgentIdentity } from "../agents/agent-identity.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../errors.ts";

/** read: queries and subscriptions; write: mutations; admin: admin procedures (with read/write as they need). */
export const apiScopes = ["read", "write", "admin"] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Tokens look like `prl_<43 url-safe chars>`; the prefix tells them apart from visitor tokens in `Authorization`. */
export const apiTokenPrefix = "prl_";

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

export type ApiCaller = AgentIdentity & { apiTokenId: string; scopes: ApiScope[] };

export async function createApiToken(deps: Deps, admin: AgentIdentity, input: { name: string; scopes: ApiScope[] }) {
  const token = `${apiTokenPrefix}${randomBytes(32).toString("base64url")}`;
  const row = await deps.db.apiToken.create({
    data: {
      organizationId: admin.organizationId,
      name: input.name,
      prefix: token.slice(0, 12),
      tokenHash: hashOf(token),
      scopes: [...new Set(input.scopes)],
      createdById: admin.userId,
      createdAt: deps.now(),
    },
  });
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "token.create",
    targetType: "api_token",
    targetId: row.id,
    details: { name: input.name, scopes: input.scopes },
  });
  // The only time the token itself leaves the server.
  return { id: row.id, token, prefix: row.prefix };
}

export async function listApiTokens(deps: Deps, organizationId: string) {
  const rows = await deps.db.apiToken.findMany({ where: { organizationId }, orderBy: { createdAt: "desc" } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiScope[],
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(deps: Deps, admin: AgentIdentity, input: { id: string }) {
  const revoked = await deps.db.apiToken.updateMany({
    where: { id: input.id, organizationId: admin.organizationId, revokedAt: null },
    data: { revokedAt: deps.now() },
  });
  if (revoked.count === 0) throw new AppError("NOT_FOUND", "token not found or already revoked");
  await recordAudit(deps, {
    organizationId: admin.organizationId,
    actorId: admin.userId,
    action: "token.revoke",
    targetType: "api_token",
    targetId: input.id,
  });
}

/**
 * The caller behind a bearer API token, acting as the user who created it with at most their role, or null when the
 * token is unknown, revoked, or its creator is gone or deactivated.
 */
export async function authenticateApiToken(deps: Deps, token: string): Promise<ApiCaller | null> {
  if (!token.startsWith(apiTokenPrefix) || token.length > 100) return null;
  const row = await deps.db.apiToken.findUnique({ where: { tokenHash: hashOf(token) } });
  if (!row || row.revokedAt) return null;
  const creator = await deps.db.user.findFirst({ where: { id: row.createdById, organizationId: row.organizationId } });
  if (!creator || creator.deactivatedAt) return null;
  const scopes = row.scopes as ApiScope[];
  await deps.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: deps.now() } });
  return {
    userId: creator.id,
    organizationId: row.organizationId,
    role: creator.role === "admin" && scopes.includes("admin") ? "admin" : "agent",
    name: `API token ${row.name}`,
    email: creator.email,
    apiTokenId: row.id,
    scopes,
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseCookies } from "cookie";
import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import type { SessionCache } from "../domain/agents/session-cache.ts";
import { authenticateSession, sessionCookieName, sessionIdOf } from "../domain/agents/sessions.ts";
import { apiTokenPrefix, authenticateApiToken, type ApiScope } from "../domain/api-tokens/api-tokens.ts";
import type { Deps } from "../domain/deps.ts";
import type { ClosableSocket } from "../metrics/port.ts";
import { AppError } from "../domain/errors.ts";
import { isAppOrigin } from "../domain/sites/origins.ts";
import { verifyVisitorToken, type VisitorIdentity } from "../domain/sites/visitor-token.ts";
import { clientAddress, header } from "../http/request.ts";
import type { SocketGuard } from "./call-limits.ts";

export type Context = {
  deps: Deps;
  /** The browser page's origin (the Origin header of the request or of the WebSocket upgrade). */
  origin: string | null;
  host: string | null;
  ip: string | null;
  userAgent: string | null;
  agent: AgentIdentity | null;
  /** Set when the caller is an API token (HTTP only): what it may do. Null for people, who are limited by role. */
  apiScopes: ApiScope[] | null;
  sessionToken: string | null;
  /**
   * WebSocket only: the agent as of now, asked on every call (the node's session cache, kept true by the access
   * pushes), so a socket never acts with a role or session it lost. HTTP resolves `agent` per request instead.
   */
  currentAgent: (() => Promise<AgentIdentity | null>) | null;
  /** WebSocket only: this socket's call budgets and subscription count (server/trpc/call-limits.ts). */
  socket: SocketGuard | null;
  /**
   * Checked when the context is made: per request over HTTP, once per connection over WebSocket (the client fetches
   * a fresh token on every reconnect). A bad token fails visitor calls only, with visitorError as the message.
   */
  visitor: VisitorIdentity | null;
  visitorError: string | null;
  /** HTTP only: lets auth procedures set or clear the session cookie. Absent on WebSocket calls. */
  setCookie: ((cookie: string) => void) | null;
};

/**
 * The session cookie, when the request may use it: a browser names the page that made the request in Origin, and a
 * page that is not the app (another site, or another port of this host, which is the same site for SameSite=Lax)
 * must not act with the agent's cookie. Requests without Origin are not from a page (curl, apps, same-origin GET).
 */
export function usableSessionToken(deps: Deps, req: IncomingMessage): string | null {
  const token = parseCookies(header(req, "cookie") ?? "")[sessionCookieName] ?? null;
  if (!token) return null;
  const origin = header(req, "origin");
  if (origin && !isAppOrigin(origin, { publicUrl: deps.publicUrl, requestHost: header(req, "host"), extraOrigins: deps.extraOrigins }))
    return null;
  return token;
}

async function baseContext(deps: Deps, req: IncomingMessage, sessions: SessionCache | null = null) {
  const sessionToken = usableSessionToken(deps, req);
  const sessionId = sessionToken && sessionToken.length <= 100 ? sessionIdOf(sessionToken) : null;
  const agent = sessions
    ? sessionId
      ? await sessions.resolve(sessionId)
      : null
    : await authenticateSession(deps, sessionToken ?? undefined);
  return {
    deps,
    origin: header(req, "origin"),
    host: header(req, "host"),
    ip: clientAddress(req, deps.trustProxy === true),
    userAgent: header(req, "user-agent"),
    sessionToken,
    agent,
    apiScopes: null,
    currentAgent: sessions && sessionId ? () => sessions.resolve(sessionId) : null,
    socket: null,
  };
}

async function visitorFrom(deps: Deps, token: string | null | undefined) {
  if (!token) return { visitor: null, visitorError: null };
  try {
    return { visitor: await verifyVisitorToken(deps.sessionSecret, token, deps.now()), visitorError: null };
  } catch (error) {
    if (error instanceof AppError) return { visitor: null, visitorError: error.message };
    throw error;
  }
}

/**
 * An HTTP request. A visitor token comes only as `Authorization: Bearer …`, SSE streams included (the clients' event
 * source is fetch-based for that reason): a token in the URL would be kept by proxies and access logs, so one there
 * is ignored.
 */
export async function createHttpContext(deps: Deps, req: IncomingMessage, res: ServerResponse): Promise<Context> {
  const authorization = header(req, "authorization");
  const bearer = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : null;
  if (bearer?.startsWith(apiTokenPrefix)) {
    const caller = await authenticateApiToken(deps, bearer);
    return {
      ...(await baseContext(deps, req)),
      agent: caller,
      apiScopes: caller?.scopes ?? null,
      visitor: null,
      visitorError: null,
      setCookie: null,
    };
  }
  return {
    ...(await baseContext(deps, req)),
    ...(await visitorFrom(deps, bearer)),
    setCookie: (cookie) => res.appendHeader("Set-Cookie", cookie),
  };
}

/**
 * A WebSocket connection: agents by the upgrade's cookie (through the node's session cache, no database read when
 * the session is known), visitors by `connectionParams.visitorToken` (a signature check).
 */
export async function createWsContext(
  deps: Deps,
  req: IncomingMessage,
  connectionParams: Record<string, string | undefined> | null,
  socket: { sessions: SessionCache; guard: SocketGuard | null } | null = null,
): Promise<Context> {
  return {
    ...(await baseContext(deps, req, socket?.sessions ?? null)),
    ...(await visitorFrom(deps, connectionParams?.visitorToken)),
    socket: socket?.guard ?? null,
    setCookie: null,
  };
}

/** Counts a WebSocket among the open sockets of its caller's kind (metrics), once its context is known. */
export function identifySocket<T extends Pick<Context, "agent" | "visitor">>(deps: Deps, socket: ClosableSocket, ctx: T): T {
  deps.metrics?.socketIdentified(socket, ctx.agent ? "agent" : ctx.visitor ? "visitor" : null);
  return ctx;
}

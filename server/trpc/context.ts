import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseCookies } from "cookie";
import type { AgentIdentity } from "../domain/agents/agent-identity.ts";
import { authenticateSession, sessionCookieName } from "../domain/agents/sessions.ts";
import { apiTokenPrefix, authenticateApiToken, type ApiScope } from "../domain/api-tokens/api-tokens.ts";
import type { Deps } from "../domain/deps.ts";
import { AppError } from "../domain/errors.ts";
import { verifyVisitorToken, type VisitorIdentity } from "../domain/sites/visitor-token.ts";
import { clientAddress, header } from "../http/request.ts";

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
   * Checked when the context is made: per request over HTTP, once per connection over WebSocket (the client fetches
   * a fresh token on every reconnect). A bad token fails visitor calls only, with visitorError as the message.
   */
  visitor: VisitorIdentity | null;
  visitorError: string | null;
  /** HTTP only: lets auth procedures set or clear the session cookie. Absent on WebSocket calls. */
  setCookie: ((cookie: string) => void) | null;
};

async function baseContext(deps: Deps, req: IncomingMessage) {
  const sessionToken = parseCookies(header(req, "cookie") ?? "")[sessionCookieName] ?? null;
  return {
    deps,
    origin: header(req, "origin"),
    host: header(req, "host"),
    ip: clientAddress(req, deps.trustProxy === true),
    userAgent: header(req, "user-agent"),
    sessionToken,
    agent: sessionToken ? await authenticateSession(deps, sessionToken) : null,
    apiScopes: null,
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
 * An HTTP request. A visitor token comes as `Authorization: Bearer …`, or, for an SSE subscription (EventSource
 * cannot set headers), as tRPC's `connectionParams.visitorToken` in the query string.
 */
export async function createHttpContext(
  deps: Deps,
  req: IncomingMessage,
  res: ServerResponse,
  connectionParams: Record<string, string | undefined> | null = null,
): Promise<Context> {
  const authorization = header(req, "authorization");
  const bearer = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) : (connectionParams?.visitorToken ?? null);
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

/** A WebSocket connection: agents by the upgrade's cookie, visitors by `connectionParams.visitorToken`. */
export async function createWsContext(
  deps: Deps,
  req: IncomingMessage,
  connectionParams: Record<string, string | undefined> | null,
): Promise<Context> {
  return {
    ...(await baseContext(deps, req)),
    ...(await visitorFrom(deps, connectionParams?.visitorToken)),
    setCookie: null,
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deps } from "../../server/domain/deps.ts";
import { createHttpContext } from "../../server/trpc/context.ts";
import { appRouter } from "../../server/trpc/router.ts";

/**
 * Calls procedures the way an HTTP request would: the real context code reads these headers (Origin, Host,
 * Authorization, Cookie), so auth and origin checks run exactly as in production.
 */
export async function callerFor(
  deps: Deps,
  request: { origin?: string; visitorToken?: string; apiToken?: string; cookie?: string; signal?: AbortSignal; ip?: string } = {},
) {
  const headers: Record<string, string> = { host: "app.test", "user-agent": "vitest" };
  if (request.origin) headers.origin = request.origin;
  if (request.visitorToken) headers.authorization = `Bearer ${request.visitorToken}`;
  if (request.apiToken) headers.authorization = `Bearer ${request.apiToken}`;
  if (request.cookie) headers.cookie = request.cookie;
  const setCookies: string[] = [];
  const req = { headers, socket: { remoteAddress: request.ip ?? "127.0.0.1" } } as unknown as IncomingMessage;
  const res = { appendHeader: (_name: string, value: string) => setCookies.push(value) } as unknown as ServerResponse;
  const ctx = await createHttpContext(deps, req, res);
  // Subscriptions called this way end when `signal` aborts (tRPC passes it to the procedure).
  return { caller: appRouter.createCaller(ctx, { signal: request.signal }), setCookies };
}

/** An agent's caller, logged in through auth.login like a browser (the session cookie rides along). */
export async function agentCallerFor(deps: Deps, email: string, password: string, signal?: AbortSignal) {
  const session = await callerFor(deps);
  await session.caller.auth.login({ email, password });
  return (await callerFor(deps, { cookie: session.setCookies[0]!.split(";")[0], signal })).caller;
}

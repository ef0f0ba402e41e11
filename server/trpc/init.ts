import { initTRPC, TRPCError } from "@trpc/server";
import { AppError } from "../domain/errors.ts";
import { releasing, type SocketGuard } from "./call-limits.ts";
import type { Context } from "./context.ts";

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // A domain refusal's machine-readable facts (e.g. "agent_full") ride along for the client to act on.
    const data = { ...shape.data, details: error.cause instanceof AppError ? error.cause.details : undefined };
    // Internals (stack, SQL, driver messages) never reach a client.
    if (error.code === "INTERNAL_SERVER_ERROR") return { ...shape, message: "internal error", data };
    return { ...shape, data };
  },
});

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

/** "body: message is empty" rather than tRPC's JSON dump of every schema issue. */
export function describeInputError(cause: unknown): string | null {
  const issues = (cause as { issues?: Issue[] } | null)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return null;
  const [issue] = issues as [Issue];
  const path = (issue.path ?? []).map((part) => String(typeof part === "object" ? part.key : part)).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

export const router = t.router;

/** Maps the domain's AppError to the tRPC error of the same code, and input errors to one readable line. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const { cause } = result.error;
  if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  const inputError = result.error.code === "BAD_REQUEST" ? describeInputError(cause) : null;
  if (inputError) throw new TRPCError({ code: "BAD_REQUEST", message: inputError, cause });
  return result;
});

/**
 * Every call over a WebSocket spends from the socket's, the visitor's and the address's budgets before anything
 * else runs, each call of a batch on its own; a socket being closed for flooding executes nothing more. A
 * subscription also takes one of the socket's slots until it ends.
 */
const guardCalls = t.middleware(async ({ ctx, type, next }) => {
  const guard = ctx.socket;
  if (!guard) return next();
  await guard.admit(ctx.visitor?.visitorId ?? null, ctx.ip);
  try {
    if (type !== "subscription") return await next();
    return await subscribeCounted(guard, next);
  } finally {
    guard.done();
  }
});

async function subscribeCounted<R extends { ok: boolean; data?: unknown }>(guard: SocketGuard, next: () => Promise<R>): Promise<R> {
  const release = guard.openSubscription();
  const result = await next();
  const events = result.ok ? (result.data as AsyncIterable<unknown> | null) : null;
  if (!events || typeof events[Symbol.asyncIterator] !== "function") {
    release();
    return result;
  }
  return { ...result, data: releasing(events, release) };
}

export const publicProcedure = t.procedure.use(guardCalls).use(mapDomainErrors);

export const visitorProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.visitor) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.visitorError ?? "visitor token required" });
  return next({ ctx: { visitor: ctx.visitor } });
});

export const agentProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  // On a socket, who the agent is now (a logout or a role change since the connect counts); per request over HTTP.
  const agent = ctx.currentAgent ? await ctx.currentAgent() : ctx.agent;
  if (!agent) throw new TRPCError({ code: "UNAUTHORIZED", message: "agent login required" });
  // An API token reads with `read` and changes things with `write`.
  const needed = type === "mutation" ? "write" : "read";
  if (ctx.apiScopes && !ctx.apiScopes.includes(needed)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `this API token lacks the "${needed}" scope` });
  }
  return next({ ctx: { agent } });
});

export const adminProcedure = agentProcedure.use(({ ctx, next }) => {
  if (ctx.apiScopes && !ctx.apiScopes.includes("admin")) {
    throw new TRPCError({ code: "FORBIDDEN", message: 'this API token lacks the "admin" scope' });
  }
  if (ctx.agent.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "admin role required" });
  return next();
});

/**
 * Subscription bodies run after the middleware chain has returned, so they map domain errors themselves.
 */
export async function mapAppError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  }
}

import { TRPCError } from "@trpc/server";
import type { Deps } from "../../server/domain/deps.ts";
import { appRouter } from "../../server/trpc/router.ts";
import { callerFor } from "../support/caller.ts";
import { hintsOf, type InputHints } from "./arbitraries.ts";

type AnyProcedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } };

/** Every procedure of the app router, read from the router itself, so a new procedure is fuzzed without listing it. */
export const procedures: { path: string; type: AnyProcedure["_def"]["type"]; input: unknown; hints: InputHints }[] = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, AnyProcedure> } })._def.procedures,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  input: procedure._def.inputs[0],
  hints: hintsOf(procedure._def.inputs[0]),
}));

/** Who calls: the request's credentials and address; `email` names an agent whose session cookie it carries. */
export type FuzzCaller = { name: string; email?: string; request: NonNullable<Parameters<typeof callerFor>[1]> };

/** A subscription that has not failed within this long is live: it is ended, and counts as accepted. */
const subscriptionGraceMs = 15;

/**
 * Calls one procedure once as `who` with `input`, through the real context and middleware, and returns the tRPC
 * error code (or "OK"). Anything that is not a TRPCError, and any INTERNAL_SERVER_ERROR, is thrown with what
 * caused it, for fast-check to report (with the shrunk input and the seed).
 */
export async function callProcedure(deps: Deps, who: FuzzCaller, path: string, type: string, input: unknown): Promise<string> {
  const controller = new AbortController();
  const { caller } = await callerFor(deps, { ...who.request, signal: controller.signal });
  const procedure = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    const result = await procedure(input);
    if (type === "subscription") await firstEvent(result as AsyncIterable<unknown>, controller);
    return "OK";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw new Error(`${path} as ${who.name} threw a non-tRPC error`, { cause: error });
    if (error.code === "INTERNAL_SERVER_ERROR") {
      const cause = error.cause instanceof Error ? (error.cause.stack ?? error.cause.message) : String(error.cause);
      throw new Error(`${path} as ${who.name}: INTERNAL_SERVER_ERROR (${error.message})\ncaused by: ${cause}`);
    }
    return error.code;
  } finally {
    controller.abort();
  }
}

async function firstEvent(stream: AsyncIterable<unknown>, controller: AbortController): Promise<void> {
  const iterator = stream[Symbol.asyncIterator]();
  const first = iterator.next();
  let timer: NodeJS.Timeout | undefined;
  const live = new Promise<"live">((resolve) => (timer = setTimeout(() => resolve("live"), subscriptionGraceMs)));
  try {
    await Promise.race([first, live]);
  } finally {
    clearTimeout(timer);
  }
  controller.abort();
  await Promise.allSettled([first, iterator.return?.()]);
}

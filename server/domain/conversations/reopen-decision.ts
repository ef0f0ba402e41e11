/**
 * What a visitor's message does to their latest conversation once it is resolved: within the site's quiet time it
 * reopens it (a follow-up to what was just settled), after it the message starts a new conversation (a new matter,
 * with its own routing, bot context, rating and report line). `fresh`: the visitor pressed "New conversation".
 */
export type AfterResolve = "reopen" | "new";

export function afterResolve(input: { resolvedAt: Date | null; now: Date; quietMinutes: number; fresh: boolean }): AfterResolve {
  if (input.fresh || input.quietMinutes <= 0 || !input.resolvedAt) return "new";
  return input.now.getTime() - input.resolvedAt.getTime() < input.quietMinutes * 60_000 ? "reopen" : "new";
}

/**
 * The one error type domain code throws. server/trpc maps each code to a tRPC error in one place; the message is
 * meant for the person at the other end, so it says what was wrong without leaking internals.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Machine-readable facts a client acts on (e.g. `{ reason: "agent_full", load, max }`); never internals. */
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Prisma's unique-constraint violation, the same code on MySQL and SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
